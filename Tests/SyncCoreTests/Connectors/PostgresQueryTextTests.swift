import Testing
@testable import SyncCore

@Suite struct PostgresQueryTextTests {
    @Test(arguments: [
        ("SELECT 1", "SELECT 1"),
        ("SELECT 1;\n", "SELECT 1"),
        ("SELECT 1 ; ;\n\n", "SELECT 1"),
        ("SELECT a\n  FROM t; -- the nightly export\n", "SELECT a\n  FROM t"),
        ("SELECT a FROM t /* done; */;\n/* trailing\n /* nested */ */", "SELECT a FROM t"),
        ("-- header\nSELECT a -- why a\nFROM t", "-- header\nSELECT a -- why a\nFROM t"),
        ("SELECT ';' AS semicolon", "SELECT ';' AS semicolon"),
        ("SELECT 'it''s -- not a comment';", "SELECT 'it''s -- not a comment'"),
        ("SELECT E'it\\'s; -- still text';", "SELECT E'it\\'s; -- still text'"),
        ("SELECT \"odd;name\" FROM t;", "SELECT \"odd;name\" FROM t"),
        ("SELECT $$; -- body$$ AS body;", "SELECT $$; -- body$$ AS body"),
        ("SELECT $fn$ a $$ b $fn$;", "SELECT $fn$ a $$ b $fn$"),
        ("SELECT a FROM t WHERE b = $1;", "SELECT a FROM t WHERE b = $1"),
        ("SELECT 1; SELECT 2;", "SELECT 1; SELECT 2"),
        ("SELECT 'unterminated; -- ", "SELECT 'unterminated; -- "),
    ])
    func cutsOnlyTheTail(query: String, statement: String) {
        #expect(PostgresQueryText.statement(query) == statement)
    }
}
