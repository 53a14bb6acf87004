import Testing
@testable import SyncCore

@Suite struct ISO8601TextTests {
    @Test func aWholeTextIsADateOrADatetimeInUTC() {
        #expect(ISO8601Text.value("2026-11-23T08:00:00Z")?.secondsSince1970 == 1_795_420_800)
        #expect(ISO8601Text.value("2026-11-23T03:00:00.250-05:00")?.secondsSince1970 == 1_795_420_800)
        #expect(ISO8601Text.value("1969-12-31T23:59:59Z")?.secondsSince1970 == -1)
        #expect(ISO8601Text.value("2026-11-23") == CalendarDateTime(year: 2026, month: 11, day: 23))
        #expect(ISO8601Text.value("2026-02-30") == nil && ISO8601Text.value("2026-11-23T25:00Z") == nil)
        #expect(ISO8601Text.value("2026-11-23 trailing") == nil && ISO8601Text.value("Gold") == nil)
    }
}
