import ArgumentParser
import Logging
import SyncCore

/// How catalog mappings are grouped and uploaded; ignored for customer mappings.
struct CatalogOptions: ParsableArguments {
    @Option(help: "Catalog: requests per second to the product catalog uploads endpoint (creating and polling uploads).")
    var uploadRate: Double = Endpoint.catalogUploads.rateLimit

    @Option(help: "Catalog: seconds between looks at an upload's status.")
    var pollInterval: Double = 5

    @Option(help: "Catalog: seconds an upload may take to complete before its products are left for the next run.")
    var uploadTimeout: Double = 3600

    @Option(help: "Catalog: products per upload file (Attentive takes at most 500,000).")
    var maxFileLines = CatalogFileLimits.attentive.maximumLines

    @Option(help: "Catalog: MiB of rows grouped in memory before sorted runs go to temporary files.")
    var sortMemory = CatalogPlanner.defaultMemoryBudget >> 20

    func validate() throws {
        guard uploadRate > 0 else { throw ValidationError("--upload-rate must be above 0") }
        guard pollInterval >= 0 else { throw ValidationError("--poll-interval must not be negative") }
        guard uploadTimeout > 0 else { throw ValidationError("--upload-timeout must be above 0") }
        guard (1...CatalogFileLimits.attentive.maximumLines).contains(maxFileLines) else {
            throw ValidationError("--max-file-lines must be between 1 and \(CatalogFileLimits.attentive.maximumLines)")
        }
        guard sortMemory >= 1 else { throw ValidationError("--sort-memory must be at least 1 (MiB)") }
    }

    func job(_ mapping: CatalogMapping, state: any StateStore, logger: Logger) -> CatalogJob {
        CatalogJob(mapping: mapping, state: state, logger: logger,
                   fileLimits: CatalogFileLimits(maximumLines: maxFileLines, maximumBytes: CatalogFileLimits.attentive.maximumBytes),
                   memoryBudget: sortMemory << 20)
    }

    func configuration(retry: RetryPolicy) -> CatalogUploadConfiguration {
        CatalogUploadConfiguration(rate: uploadRate, pollInterval: .milliseconds(Int64(pollInterval * 1000)),
                                   maximumWait: .milliseconds(Int64(uploadTimeout * 1000)), retry: retry)
    }
}
