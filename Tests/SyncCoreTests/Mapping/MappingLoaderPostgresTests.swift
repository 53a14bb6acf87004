import Foundation
import Testing
@testable import SyncCore

@Suite struct MappingLoaderPostgresTests {
    func load(_ source: String, baseDirectory: String = "/maps") throws(MappingError) -> Mapping {
        let json = """
            {"name": "pg", "source": \(source), "identity": {"email": "email"}, "customAttributes": {"Tier": "tier"}}
            """
        return try MappingLoader.parse(Data(json.utf8), file: "m.json", baseDirectory: baseDirectory)
    }

    func error(_ source: String) -> MappingError? {
        do {
            _ = try load(source)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsAQueryAndAConnectionString() throws {
        let mapping = try load(#"{"postgres": {"query": "SELECT email, tier FROM crm.customers", "connection": "postgresql://app:pw@db/crm"}}"#)
        #expect(mapping.source == .postgres(PostgresSourceConfiguration(
            query: "SELECT email, tier FROM crm.customers",
            connection: .string(PostgresConnectionString("postgresql://app:pw@db/crm")))))
    }

    @Test func withoutAConnectionLibpqsEnvironmentDecides() throws {
        let mapping = try load(#"{"postgres": {"query": "SELECT 1"}}"#)
        guard case .postgres(let postgres) = mapping.source else { Issue.record("not postgres"); return }
        #expect(postgres.connection == nil)
        #expect(try postgres.connectionString(environment: [:]) == nil)
    }

    @Test func theConnectionCanNameAnEnvironmentVariableReadWhenTheSourceOpens() throws {
        let mapping = try load(#"{"postgres": {"query": "SELECT 1", "connection": {"env": "DATABASE_URL"}}}"#)
        guard case .postgres(let postgres) = mapping.source else { Issue.record("not postgres"); return }
        #expect(postgres.connection == .environment("DATABASE_URL"))
        #expect(try postgres.connectionString(environment: ["DATABASE_URL": "host=db"]) == PostgresConnectionString("host=db"))
        #expect(throws: ConfigurationError.self) { try postgres.connectionString(environment: [:]) }
    }

    @Test func aQueryFileIsReadRelativeToTheMapping() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mapping-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("sql"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("SELECT email, tier\n  FROM customers;\n".utf8).write(to: directory.appendingPathComponent("sql/q.sql"))
        let mapping = try load(#"{"postgres": {"queryFile": "sql/q.sql"}}"#, baseDirectory: directory.path)
        guard case .postgres(let postgres) = mapping.source else { Issue.record("not postgres"); return }
        #expect(postgres.query == "SELECT email, tier\n  FROM customers;\n")
        #expect(postgres.queryFile == directory.appendingPathComponent("sql/q.sql").path)
        #expect(error(#"{"postgres": {"queryFile": "missing.sql"}}"#)?.path == "source.postgres.queryFile")
    }

    @Test func mistakesAreNamedByTheirPath() {
        #expect(error(#"{"postgres": {"query": "SELECT 1", "conection": "host=db"}}"#)?.path == "source.postgres.conection")
        #expect(error(#"{"postgres": {"query": "SELECT 1", "connection": {"variable": "X"}}}"#)?.path == "source.postgres.connection.variable")
        #expect(error(#"{"postgres": {"query": "SELECT 1", "connection": {}}}"#)?.path == "source.postgres.connection")
        #expect(error(#"{"postgres": {"query": "SELECT 1", "queryFile": "q.sql"}}"#)?.reason == "give either 'query' or 'queryFile', not both")
        #expect(error(#"{"postgres": {}}"#)?.reason == "missing key 'query' (or 'queryFile')")
        #expect(error(#"{"postgres": {"query": " ;\n"}}"#)?.path == "source.postgres.query")
        #expect(error(#"{"postgres": {"query": 1}}"#)?.path == "source.postgres.query")
        #expect(error(#"{"csv": {"path": "c.csv"}, "postgres": {"query": "SELECT 1"}}"#)?.reason == "give either 'csv' or 'postgres', not both")
        #expect(error(#"{}"#)?.reason == "expected 'csv' or 'postgres'")
    }

    @Test func theConnectionStringNeverPrintsItsPassword() throws {
        let mapping = try load(#"{"postgres": {"query": "SELECT 1", "connection": "host=db password=hunter2"}}"#)
        var dumped = ""
        dump(mapping, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(!"\(mapping.source)".contains("hunter2"))
        #expect(!String(reflecting: mapping.source).contains("hunter2"))
    }
}
