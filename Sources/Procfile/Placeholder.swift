public enum ProcfilePlaceholder {}
