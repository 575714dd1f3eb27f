import Foundation

/// A "free consultation" request from the clinic's website, and what the front desk did with it.
public struct ConsultationRequest: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Waiting for the front desk.
        case new
        case contacted
        case declined
        /// A patient record was made from it.
        case converted
    }

    public var id: UUID
    public var name: String
    public var phone: String?
    public var email: String?
    public var preferredContactTime: String?
    public var message: String?
    public var receivedAt: Date
    public var status: Status
    public var note: String?
    public var patientID: UUID?
    public var handledAt: Date?

    public init(id: UUID, name: String, phone: String?, email: String?, preferredContactTime: String?, message: String?,
                receivedAt: Date, status: Status = .new, note: String? = nil, patientID: UUID? = nil, handledAt: Date? = nil) {
        self.id = id
        self.name = name
        self.phone = phone
        self.email = email
        self.preferredContactTime = preferredContactTime
        self.message = message
        self.receivedAt = receivedAt
        self.status = status
        self.note = note
        self.patientID = patientID
        self.handledAt = handledAt
    }

    /// The request as the start of a registration: the name split at its last space (a single
    /// word is the given name, left for the front desk to complete).
    public var patientForm: PatientForm {
        var form = PatientForm()
        let parts = name.split(separator: " ")
        form.givenName = parts.count > 1 ? parts.dropLast().joined(separator: " ") : name
        form.familyName = parts.count > 1 ? String(parts.last!) : ""
        form.phone = phone
        form.email = email
        return form
    }
}

/// What the public form sends, checked: a name, a way to reach the person, and consent to be contacted.
public struct ConsultationRequestDraft: Sendable, Equatable {
    public let name: String
    public let phone: String?
    public let email: String?
    public let preferredContactTime: String?
    public let message: String?

    public init(name: String?, phone: String?, email: String?, preferredContactTime: String?, message: String?,
                consentToContact: Bool) throws(ValidationError) {
        var validator = Validator()
        let trimmedName = name?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        validator.check((1...100).contains(trimmedName.count), "name", trimmedName.isEmpty ? "is required" : "must be at most 100 characters")
        let phone = phone.flatMap { PatientForm.optionalPhone($0, "phone", validator: &validator) }
        var parsedEmail: String?
        if let email, !email.trimmingCharacters(in: .whitespaces).isEmpty {
            parsedEmail = EmailAddress(email)?.value
            validator.check(parsedEmail != nil, "email", "is not a valid email address")
        }
        if phone == nil && parsedEmail == nil && !validator.errors.contains(where: { $0.field == "phone" || $0.field == "email" }) {
            validator.add("phone", "give a telephone number or an email address so we can reach you")
        }
        let time = preferredContactTime.flatMap { PatientForm.optionalText($0, "preferredContactTime", limit: 100, validator: &validator) }
        let message = message.flatMap { PatientForm.optionalText($0, "message", limit: 2000, validator: &validator) }
        validator.check(consentToContact, "consentToContact", "must be given so the clinic may contact you")
        try validator.finish()
        self.name = trimmedName
        self.phone = phone
        self.email = parsedEmail
        self.preferredContactTime = time
        self.message = message
    }
}
