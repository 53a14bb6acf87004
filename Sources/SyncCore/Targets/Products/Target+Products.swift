extension Target {
    /// Catalog products: a catalog mapping's one target, sent as upload files (`CatalogPlanner`).
    public static let products = Target("products", deleteWord: "mark unavailable", endpoints: [.catalogUploads])
}
