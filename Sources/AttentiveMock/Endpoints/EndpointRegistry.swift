/// The endpoints the fake implements, by `operationId`. Adding one is a new
/// ``MockEndpoint`` listed here; routing and validation come from the document.
struct EndpointRegistry: Sendable {
    private let endpoints: [String: any MockEndpoint]

    init(_ endpoints: [any MockEndpoint]) {
        self.endpoints = Dictionary(endpoints.map { ($0.operationID, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Everything implemented so far.
    static let standard = EndpointRegistry([
        MeEndpoint(),
        CustomAttributesEndpoint(),
        SubscribeEndpoint(),
        UnsubscribeEndpoint(),
        SubscriptionEligibilityEndpoint(),
        IdentifyEndpoint(),
        CreateCatalogUploadEndpoint(),
        LookupCatalogUploadEndpoint(),
        ListCatalogUploadsEndpoint(),
    ])

    func endpoint(for operation: APIOperation) -> (any MockEndpoint)? {
        endpoints[operation.operationID]
    }
}
