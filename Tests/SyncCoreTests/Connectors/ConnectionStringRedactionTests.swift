import Testing
@testable import SyncCore

@Suite struct ConnectionStringRedactionTests {
    @Test(arguments: [
        ("host=db port=5432 password=hunter2 user=app", "host=db port=5432 password=*** user=app"),
        ("password = 'two words\\' quoted' dbname=x", "password = *** dbname=x"),
        ("host=db password=a\\ b", "host=db password=***"),
        ("host=db", "host=db"),
        ("postgresql://app:hunter2@db:5432/crm", "postgresql://app:***@db:5432/crm"),
        ("postgres://app@db/crm?sslmode=require&password=hunter2", "postgres://app@db/crm?sslmode=require&password=***"),
        ("postgresql://app:p%40ss@db1:5432,db2:5433/crm?connect_timeout=5", "postgresql://app:***@db1:5432,db2:5433/crm?connect_timeout=5"),
        ("postgresql:///crm?host=/var/run/postgresql", "postgresql:///crm?host=/var/run/postgresql"),
    ])
    func hidesEveryPassword(text: String, redacted: String) {
        #expect(ConnectionStringRedaction.redacted(text) == redacted)
        #expect(PostgresConnectionString(text).description == redacted)
        #expect("\(PostgresConnectionString(text))" == redacted)
        #expect(String(reflecting: PostgresConnectionString(text)) == redacted)
    }

    @Test func findsThePasswordsAsWritten() {
        #expect(ConnectionStringRedaction.passwords(in: "user=a password='x y' password=z") == ["'x y'", "z"])
        #expect(ConnectionStringRedaction.passwords(in: "postgresql://a:p%40ss@h/d?password=q") == ["p%40ss", "q"])
    }

    @Test func scrubsSecretsFromMessages() {
        #expect(ConnectionStringRedaction.scrub("missing \"=\" after \"hunter2\" in connection info string", secrets: ["hunter2"])
            == "missing \"=\" after \"***\" in connection info string")
        #expect(ConnectionStringRedaction.scrub("user \"ab\" failed", secrets: ["ab"]) == "user \"ab\" failed")
    }
}
