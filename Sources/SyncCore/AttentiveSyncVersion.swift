/// This build's version, for `--version`.
public enum AttentiveSyncVersion {
    /// Semantic version of this release.
    public static let current = "0.8.0"
}
