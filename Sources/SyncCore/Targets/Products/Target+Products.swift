extension TargetDescription {
    /// Catalog products: a catalog mapping's one target, sent as upload files (`CatalogPlanner`).
    static let products = TargetDescription(name: "products", deleteWord: "mark unavailable", endpoints: [.catalogUploads])
}

extension Target {
    public static let products = Target(.products)
}
