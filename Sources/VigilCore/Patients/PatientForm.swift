import Foundation

/// A patient record as a client sends it, every value raw and optional: the JSON body of
/// `POST`/`PATCH /api/v1/patients`, or the registration form. `checked` turns it into a `PatientUpdate`.
public struct PatientForm: Sendable, Decodable, Equatable {
    public var mrn: String?
    public var givenName: String?
    public var familyName: String?
    public var birthDate: String?
    public var sex: String?
    public var phone: String?
    public var email: String?
    public var address: String?
    public var heightCm: Double?
    public var weightKg: Double?
    public var weightMeasuredOn: String?
    public var diagnoses: [Diagnosis]?
    public var medications: [String]?
    public var allergies: [String]?
    public var emergencyContact: Contact?
    public var rideHomeContact: Contact?
    public var remsStatus: String?
    public var remsEnrolledOn: String?

    public init() {}

    /// Checks every value given and reports every problem at once. A new record needs the four
    /// identifying fields; a change needs at least one field. An empty text clears an optional field.
    public func checked(creating: Bool, today: CalendarDate) throws(ValidationError) -> PatientUpdate {
        var validator = Validator()
        var update = PatientUpdate()
        func name(_ value: String?, _ field: String) -> String? {
            guard let value else {
                if creating { validator.add(field, "is required") }
                return nil
            }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            validator.check((1...100).contains(trimmed.count), field, "must be 1 to 100 characters")
            validator.printable(trimmed, field)
            return trimmed
        }
        update.givenName = name(givenName, "givenName")
        update.familyName = name(familyName, "familyName")
        if let birthDate {
            update.birthDate = Self.pastDate(birthDate, "birthDate", today: today, validator: &validator)
        } else if creating {
            validator.add("birthDate", "is required")
        }
        if let sex {
            update.sex = validator.choice(sex, "sex")
        } else if creating {
            validator.add("sex", "is required")
        }
        if let mrn {
            let trimmed = mrn.trimmingCharacters(in: .whitespaces).uppercased()
            validator.check(trimmed.wholeMatch(of: /[A-Z0-9-]{1,20}/) != nil, "mrn", "must be 1 to 20 letters, digits or hyphens")
            update.mrn = trimmed
        }
        update.phone = phone.map { Self.optionalPhone($0, "phone", validator: &validator) }
        if let email {
            let trimmed = email.trimmingCharacters(in: .whitespaces)
            let parsed = EmailAddress(trimmed)
            validator.check(trimmed.isEmpty || parsed != nil, "email", "is not a valid email address")
            update.email = .some(parsed?.value)
        }
        update.address = address.map { Self.optionalText($0, "address", limit: 500, validator: &validator) }
        if let heightCm {
            // Plausibility bounds to catch unit slips (inches, metres), not clinical limits.
            validator.check((40...250).contains(heightCm), "heightCm", "must be between 40 and 250 cm")
            update.heightCm = .some(heightCm)
        }
        if let weightKg {
            // Plausibility bounds to catch unit slips (pounds, grams), not clinical limits.
            validator.check((2...400).contains(weightKg), "weightKg", "must be between 2 and 400 kg")
            let measured = weightMeasuredOn.map { Self.pastDate($0, "weightMeasuredOn", today: today, validator: &validator) } ?? today
            if let measured { update.weight = Weight(kg: weightKg, measuredOn: measured) }
        } else if weightMeasuredOn != nil {
            validator.add("weightKg", "is required with weightMeasuredOn")
        }
        if let diagnoses {
            validator.check(diagnoses.count <= 50, "diagnoses", "must list at most 50 diagnoses")
            update.diagnoses = diagnoses.enumerated().map { index, diagnosis in
                let code = diagnosis.code.trimmingCharacters(in: .whitespaces).uppercased()
                validator.check(Diagnosis.isWellFormed(code), "diagnoses[\(index)].code", "must be an ICD-10-CM code such as F33.2")
                let text = Self.optionalText(diagnosis.text, "diagnoses[\(index)].text", limit: 200, validator: &validator)
                validator.check(text != nil, "diagnoses[\(index)].text", "is required")
                return Diagnosis(code: code, text: text ?? "")
            }
        }
        update.medications = medications.map { Self.list($0, "medications", validator: &validator) }
        update.allergies = allergies.map { Self.list($0, "allergies", validator: &validator) }
        update.emergencyContact = emergencyContact.map { Self.contact($0, "emergencyContact", validator: &validator) }
        update.rideHomeContact = rideHomeContact.map { Self.contact($0, "rideHomeContact", validator: &validator) }
        if remsStatus != nil || remsEnrolledOn != nil {
            let status: RemsEnrollment.Status? = remsStatus == nil ? .notEnrolled : validator.choice(remsStatus, "remsStatus")
            let date = remsEnrolledOn.flatMap { $0.isEmpty ? nil : Self.pastDate($0, "remsEnrolledOn", today: today, validator: &validator) }
            if status == .enrolled && remsEnrolledOn?.isEmpty != false {
                validator.add("remsEnrolledOn", "is required when the patient is enrolled")
            }
            update.rems = RemsEnrollment(status: status ?? .notEnrolled, date: date)
        }
        if !creating { validator.check(update != PatientUpdate(), "body", "names nothing to change") }
        try validator.finish()
        return update
    }

    public static func pastDate(_ text: String, _ field: String, today: CalendarDate, validator: inout Validator) -> CalendarDate? {
        guard let date = CalendarDate(text) else {
            validator.add(field, "must be a date as YYYY-MM-DD")
            return nil
        }
        validator.check(date <= today, field, "must not be in the future")
        validator.check(date.year >= 1900, field, "must be in 1900 or later")
        return date
    }

    public static func optionalText(_ text: String, _ field: String, limit: Int, validator: inout Validator) -> String? {
        validator.text(text, field, max: limit, required: false)
    }

    /// A telephone number as people write it: 7 to 15 digits (ITU-T E.164 allows 15) with spaces,
    /// dots, hyphens, brackets and a leading plus.
    public static func optionalPhone(_ text: String, _ field: String, validator: inout Validator) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.filter(\.isASCII).filter(\.isNumber).count
        let allowed = trimmed.allSatisfy { ($0.isASCII && $0.isNumber) || " .-()+".contains($0) }
        validator.check(trimmed.isEmpty || (allowed && (7...15).contains(digits)), field, "must be a telephone number of 7 to 15 digits")
        return trimmed.isEmpty ? nil : trimmed
    }

    static func list(_ items: [String], _ field: String, validator: inout Validator) -> [String] {
        validator.check(items.count <= 50, field, "must list at most 50 entries")
        return items.enumerated().compactMap { index, item in
            optionalText(item, "\(field)[\(index)]", limit: 200, validator: &validator)
        }
    }

    static func contact(_ contact: Contact, _ field: String, validator: inout Validator) -> Contact? {
        let name = optionalText(contact.name, "\(field).name", limit: 100, validator: &validator)
        let phone = optionalPhone(contact.phone, "\(field).phone", validator: &validator)
        if name == nil && phone == nil { return nil }
        validator.check(name != nil, "\(field).name", "is required")
        validator.check(phone != nil, "\(field).phone", "is required")
        let relationship = contact.relationship.flatMap { optionalText($0, "\(field).relationship", limit: 100, validator: &validator) }
        return Contact(name: name ?? "", phone: phone ?? "", relationship: relationship)
    }
}

/// A checked change to a patient record: nil leaves a field as it is; for optional fields
/// `.some(nil)` clears it.
public struct PatientUpdate: Sendable, Equatable {
    public var mrn: String?
    public var givenName: String?
    public var familyName: String?
    public var birthDate: CalendarDate?
    public var sex: Patient.Sex?
    public var phone: String??
    public var email: String??
    public var address: String??
    public var heightCm: Double??
    public var weight: Weight?
    public var diagnoses: [Diagnosis]?
    public var medications: [String]?
    public var allergies: [String]?
    public var emergencyContact: Contact??
    public var rideHomeContact: Contact??
    public var rems: RemsEnrollment?

    public init() {}

    /// The record with this change applied. A weight is applied only when it is the newest.
    public func applied(to patient: Patient) -> Patient {
        var result = patient
        result.mrn = mrn ?? patient.mrn
        result.givenName = givenName ?? patient.givenName
        result.familyName = familyName ?? patient.familyName
        result.birthDate = birthDate ?? patient.birthDate
        result.sex = sex ?? patient.sex
        if let phone { result.phone = phone }
        if let email { result.email = email }
        if let address { result.address = address }
        if let heightCm { result.heightCm = heightCm }
        if let weight, weight.measuredOn >= (patient.weight?.measuredOn ?? weight.measuredOn) { result.weight = weight }
        result.diagnoses = diagnoses ?? patient.diagnoses
        result.medications = medications ?? patient.medications
        result.allergies = allergies ?? patient.allergies
        if let emergencyContact { result.emergencyContact = emergencyContact }
        if let rideHomeContact { result.rideHomeContact = rideHomeContact }
        result.rems = rems ?? patient.rems
        return result
    }
}

extension Patient {
    /// The names of the fields that differ from `before`, for the audit trail (values are not
    /// repeated there: the trail names what changed, the record holds what it is).
    public func changedFields(from before: Patient) -> [String] {
        var fields: [String] = []
        func note<T: Equatable>(_ name: String, _ path: KeyPath<Patient, T>) {
            if self[keyPath: path] != before[keyPath: path] { fields.append(name) }
        }
        note("mrn", \.mrn); note("givenName", \.givenName); note("familyName", \.familyName)
        note("birthDate", \.birthDate); note("sex", \.sex); note("phone", \.phone); note("email", \.email)
        note("address", \.address); note("heightCm", \.heightCm); note("weight", \.weight)
        note("diagnoses", \.diagnoses); note("medications", \.medications); note("allergies", \.allergies)
        note("emergencyContact", \.emergencyContact); note("rideHomeContact", \.rideHomeContact); note("rems", \.rems)
        return fields
    }
}
