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

@Suite struct PostgresQueryBindingTests {
    @Test func theParameterBecomesALiteralOutsideQuotesAndComments() {
        let query = "SELECT '$1', \"$1\", $$ $1 $$ FROM t -- $1\nWHERE $1 IS NULL OR at > $1::timestamptz AND x = $10 /* $1 */"
        #expect(PostgresQueryText.binding(query, first: "2026-11-01T08:00:00Z")
                == "SELECT '$1', \"$1\", $$ $1 $$ FROM t -- $1\nWHERE '2026-11-01T08:00:00Z' IS NULL OR at > '2026-11-01T08:00:00Z'::timestamptz AND x = $10 /* $1 */")
        #expect(PostgresQueryText.binding("WHERE $1 IS NULL", first: nil) == "WHERE NULL IS NULL")
        #expect(PostgresQueryText.binding("WHERE c > $1", first: "it's") == "WHERE c > 'it''s'")
    }
}
