public enum AttentiveMockPlaceholder {}
