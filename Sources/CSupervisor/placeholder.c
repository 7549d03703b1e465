#include "CSupervisor.h"
int fm_placeholder(void) { return 0; }
