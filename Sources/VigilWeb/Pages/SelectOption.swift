import Foundation
import VigilCore

/// One `<option>` of a `<select>` on a page.
struct SelectOption {
    let value: String
    let label: String
    let selected: Bool

    /// The options for every case of an enumeration, with `selected` marked.
    static func all<T: RawRepresentable & CaseIterable & Equatable>(_ type: T.Type, selected: T?, label: (T) -> String = \.rawValue) -> [SelectOption]
    where T.RawValue == String {
        T.allCases.map { SelectOption(value: $0.rawValue, label: label($0), selected: $0 == selected) }
    }
}

extension SelectOption {
    /// The clinicians who can be assigned to a booking, with those already assigned ticked.
    static func staff(_ team: [Appointment.StaffMember], assigned: [UUID]) -> [SelectOption] {
        team.map { SelectOption(value: $0.id.lowercased, label: $0.name, selected: assigned.contains($0.id)) }
    }
}
