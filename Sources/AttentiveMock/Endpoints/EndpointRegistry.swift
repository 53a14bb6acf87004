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
        EventEndpoint.custom,
        EventEndpoint.purchase,
        EventEndpoint.addToCart,
        EventEndpoint.productView,
    ])

    /// The v2 endpoints (`attentive-v2-openapi.json`): bulk jobs and segments.
    static let v2 = EndpointRegistry([
        BulkUserAttributesEndpoint(),
        BulkJobStatusEndpoint(),
        BulkSegmentMembersEndpoint.add,
        BulkSegmentMembersEndpoint.remove,
        CreateSegmentEndpoint(),
        SegmentByExternalIdEndpoint(),
        ListSegmentsEndpoint(),
    ])

    func endpoint(for operation: APIOperation) -> (any MockEndpoint)? {
        endpoints[operation.operationID]
    }
}
