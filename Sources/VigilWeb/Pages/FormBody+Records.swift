import Foundation
import Hummingbird
import VigilCore

extension FormBody {
    /// Runs a page's form: back to `location` showing the action's message, or, when a value is
    /// invalid, the page again with the errors.
    static func submit(_ request: Request, _ context: VigilContext, returningTo location: String,
                       _ action: (FormBody) async throws -> String,
                       invalid: ([FieldError]) async throws -> Response) async throws -> Response {
        try await submit(request, context, { form in (try await action(form), location) }, invalid: invalid)
    }

    /// The same, for a form whose outcome decides where to go next (the course just planned, the
    /// board on the day of the booking).
    static func submit(_ request: Request, _ context: VigilContext,
                       _ action: (FormBody) async throws -> (message: String, location: String),
                       invalid: ([FieldError]) async throws -> Response) async throws -> Response {
        var request = request
        return try await submit(try await FormBody(request: &request, context: context), action, invalid: invalid)
    }

    /// The same, for a form already read (a page that shows the values sent back when one is refused).
    static func submit(_ form: FormBody, _ action: (FormBody) async throws -> (message: String, location: String),
                       invalid: ([FieldError]) async throws -> Response) async throws -> Response {
        do {
            let (message, location) = try await action(form)
            return .redirect(to: location, done: message)
        } catch let error as ValidationError {
            return try await invalid(error.errors)
        } catch let error as ConflictError {
            return try await invalid(error.errors)
        }
    }

    /// A yes/no choice: nil unless one was made, so a choice left blank is refused, not read as "no".
    func yesOrNo(_ name: String) -> Bool? {
        switch self[name] {
        case "yes": true
        case "no": false
        default: nil
        }
    }

    /// A number field: nil when empty; a value that is not a number is reported under its name.
    func number(_ name: String, into validator: inout Validator) -> Double? {
        guard let text = self[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let value = Double(text) else {
            validator.add(name, "must be a number")
            return nil
        }
        guard NumberBound.contains(value) else {
            validator.add(name, NumberBound.message)
            return nil
        }
        return value
    }

    /// A textarea with one entry per line.
    func lines(_ name: String) -> [String] {
        (self[name] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The registration and demographics form as a `PatientForm`. Every field shown is sent, so an
    /// empty one clears the value; a field not shown changes nothing; numbers that are not numbers are reported with the record's own errors.
    func patientForm() throws(ValidationError) -> PatientForm {
        var validator = Validator()
        var form = PatientForm()
        form.mrn = self["mrn"].flatMap { $0.isEmpty ? nil : $0 }
        form.givenName = self["givenName"]
        form.familyName = self["familyName"]
        form.birthDate = self["birthDate"]
        form.sex = self["sex"]
        form.phone = self["phone"]
        form.email = self["email"]
        form.address = self["address"]
        form.heightCm = number("heightCm", into: &validator)
        form.weightKg = number("weightKg", into: &validator)
        form.weightMeasuredOn = self["weightMeasuredOn"].flatMap { $0.isEmpty ? nil : $0 }
        // "F33.2 Major depressive disorder, recurrent severe": the code, a space, the text.
        // A form without the clinical fields (the front desk's) changes none of them.
        form.diagnoses = self["diagnoses"] == nil ? nil : lines("diagnoses").map { line in
            let parts = line.split(separator: " ", maxSplits: 1)
            return Diagnosis(code: String(parts[0]), text: parts.count > 1 ? String(parts[1]) : "")
        }
        form.medications = self["medications"] == nil ? nil : lines("medications")
        form.allergies = self["allergies"] == nil ? nil : lines("allergies")
        func contact(_ prefix: String) -> Contact {
            Contact(name: self["\(prefix)Name"] ?? "", phone: self["\(prefix)Phone"] ?? "", relationship: self["\(prefix)Relationship"])
        }
        form.emergencyContact = contact("emergency")
        form.rideHomeContact = contact("rideHome")
        form.remsStatus = self["remsStatus"]
        form.remsEnrolledOn = self["remsEnrolledOn"]
        try validator.finish()
        return form
    }
}

extension FormBody {
    /// The values of ticked checkboxes named `prefix.value` (a form may tick several).
    func ticked(_ prefix: String) -> [String] {
        values.keys.filter { $0.hasPrefix(prefix + ".") }.map { String($0.dropFirst(prefix.count + 1)) }.sorted()
    }

    /// A yes/no radio pair: true, false, or nil when neither was chosen.
    func yesNo(_ name: String) -> Bool? {
        switch self[name] {
        case "yes": true
        case "no": false
        default: nil
        }
    }
}
