#pragma once
int fm_placeholder(void);
