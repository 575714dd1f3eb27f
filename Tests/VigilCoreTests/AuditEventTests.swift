import Foundation
import Testing
import VigilCore

@Suite("Audit events")
struct AuditEventTests {
    static let base = AuditEvent(
        id: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!, sequence: 1,
        occurredAt: Date(timeIntervalSince1970: 1_800_000_000.123),
        actor: Actor(userID: UUID(), role: .nurse, address: "10.0.0.1", sessionID: UUID()),
        action: .read, outcome: .success, patientID: UUID(), resourceType: "Patient", resourceID: "p1",
        detail: "fields: name", previousHash: AuditEvent.genesisHash, hash: "")

    /// Changing any one field must change what the hash covers.
    @Test(arguments: 0..<13)
    func everyFieldIsCoveredByTheHash(field: Int) {
        var changed = Self.base
        switch field {
        case 0: changed.id = UUID()
        case 1: changed.sequence = 2
        case 2: changed.occurredAt = changed.occurredAt.addingTimeInterval(0.001)
        case 3: changed.userID = nil
        case 4: changed.role = .prescriber
        case 5: changed.address = "10.0.0.2"
        case 6: changed.sessionID = nil
        case 7: changed.action = .update
        case 8: changed.outcome = .denied
        case 9: changed.patientID = nil
        case 10: changed.resourceType = "User"
        case 11: changed.detail = "fields: name;"
        default: changed.previousHash = String(repeating: "1", count: 64)
        }
        #expect(changed.canonicalContent != Self.base.canonicalContent)
    }

    @Test func fieldBoundariesCannotBeShifted() {
        var a = Self.base, b = Self.base
        a.resourceType = "Pat"; a.resourceID = "ientp1"
        b.resourceType = "Patient"; b.resourceID = "p1"
        #expect(a.canonicalContent != b.canonicalContent)
        a.resourceID = nil; b.resourceID = "-"
        #expect(a.canonicalContent != b.canonicalContent)
    }

    @Test func instantsAreMillisecondRFC3339InUTC() {
        let date = Date(timeIntervalSince1970: 1_800_000_000.1234)
        #expect(Instant.format(date) == "2027-01-15T08:00:00.123Z")
        #expect(Instant.parse("2027-01-15T08:00:00.123Z") == Instant.truncated(date))
        #expect(Instant.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        for millis in stride(from: Int64(1_700_000_000_000), to: 1_700_000_001_000, by: 7) {
            let instant = Instant.truncated(Date(timeIntervalSince1970: Double(millis) / 1000))
            #expect(Instant.parse(Instant.format(instant)) == instant, "\(millis) does not round-trip")
        }
        #expect(Instant.parse("2027-01-15T09:00:00+01:00") == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(Instant.parse("yesterday") == nil)
    }

    @Test func calendarDatesAreStrictlyYearMonthDay() {
        #expect(CalendarDate("2024-02-29")?.description == "2024-02-29")
        for bad in ["2023-02-29", "2024-2-29", "24-02-29", "2024-13-01", "２０２４-01-01", "2024-01-01T00:00"] {
            #expect(CalendarDate(bad) == nil, "\(bad) accepted")
        }
    }
}
