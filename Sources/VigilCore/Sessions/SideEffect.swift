import Foundation

/// An adverse effect seen in a session, with what was done about it.
public struct SideEffect: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case nausea, vomiting, dizziness, headache, dissociation, anxiety, hypertension, sedation
        case respiratoryDepression = "respiratory-depression"

        public var title: String { self == .respiratoryDepression ? "Respiratory depression" : rawValue.capitalized }
    }

    public enum Severity: String, Sendable, Codable, CaseIterable {
        case mild, moderate, severe
    }

    public let id: UUID
    public let kind: Kind
    public let severity: Severity
    public let at: Date
    public let intervention: String?
    public let recordedByName: String
    /// When and by whom it was documented resolved; open until then, and an open one holds discharge
    /// (label and REMS: monitor until sedation, dissociation and respiratory depression resolve).
    public var resolvedAt: Date?
    public var resolvedByName: String?

    public init(id: UUID, kind: Kind, severity: Severity, at: Date, intervention: String?, recordedByName: String,
                resolvedAt: Date? = nil, resolvedByName: String? = nil) {
        self.id = id
        self.kind = kind
        self.severity = severity
        self.at = at
        self.intervention = intervention
        self.recordedByName = recordedByName
        self.resolvedAt = resolvedAt
        self.resolvedByName = resolvedByName
    }

    public var isOpen: Bool { resolvedAt == nil }
}

public struct SideEffectForm: Sendable, Decodable {
    public var kind: String?
    public var severity: String?
    public var at: String?
    public var intervention: String?

    public init(kind: String? = nil, severity: String? = nil, at: String? = nil, intervention: String? = nil) {
        self.kind = kind
        self.severity = severity
        self.at = at
        self.intervention = intervention
    }

    public func checked(now: Date, notBefore: Date, recordedByName: String) throws(ValidationError) -> SideEffect {
        var validator = Validator()
        let kind: SideEffect.Kind? = validator.choice(kind, "kind")
        let severity: SideEffect.Severity? = validator.choice(severity, "severity")
        let time = at.map { Instant.parse($0) } ?? now
        if let time {
            validator.check(time <= now.addingTimeInterval(120) && time >= notBefore, "at", "must be during the session")
        } else {
            validator.add("at", "must be a date-time such as 2026-11-23T09:40:00Z")
        }
        let text = validator.text(intervention, "intervention", max: 1000, required: false)
        try validator.finish()
        return SideEffect(id: NewID.make(), kind: kind!, severity: severity!, at: time!, intervention: text, recordedByName: recordedByName)
    }
}
