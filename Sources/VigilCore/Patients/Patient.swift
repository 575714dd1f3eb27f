import Foundation

/// A patient's chart header and demographics, with the latest weight.
public struct Patient: Sendable, Equatable {
    public enum Sex: String, Sendable, Codable, CaseIterable {
        case female, male, other, unknown
    }

    public var id: UUID
    /// Medical record number, unique in the clinic.
    public var mrn: String
    public var givenName: String
    public var familyName: String
    public var birthDate: CalendarDate
    public var sex: Sex
    public var phone: String?
    public var email: String?
    public var address: String?
    public var heightCm: Double?
    public var diagnoses: [Diagnosis]
    public var medications: [String]
    public var allergies: [String]
    public var emergencyContact: Contact?
    public var rideHomeContact: Contact?
    public var rems: RemsEnrollment
    /// The most recent weight; the history is kept in storage.
    public var weight: Weight?
    public var createdAt: Date
    public var updatedAt: Date

    /// The site the patient is usually seen at; the record itself is the network's (one MRN).
    public var homeSiteID: UUID

    public init(id: UUID, mrn: String, givenName: String, familyName: String, birthDate: CalendarDate, sex: Sex,
                phone: String? = nil, email: String? = nil, address: String? = nil, heightCm: Double? = nil,
                diagnoses: [Diagnosis] = [], medications: [String] = [], allergies: [String] = [],
                emergencyContact: Contact? = nil, rideHomeContact: Contact? = nil, rems: RemsEnrollment = RemsEnrollment(),
                weight: Weight? = nil, createdAt: Date, updatedAt: Date, homeSiteID: UUID = Site.firstID) {
        self.id = id
        self.homeSiteID = homeSiteID
        self.mrn = mrn
        self.givenName = givenName
        self.familyName = familyName
        self.birthDate = birthDate
        self.sex = sex
        self.phone = phone
        self.email = email
        self.address = address
        self.heightCm = heightCm
        self.diagnoses = diagnoses
        self.medications = medications
        self.allergies = allergies
        self.emergencyContact = emergencyContact
        self.rideHomeContact = rideHomeContact
        self.rems = rems
        self.weight = weight
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var fullName: String { "\(givenName) \(familyName)" }

    /// Age in whole years on `date`.
    public func age(on date: CalendarDate) -> Int {
        let years = date.year - birthDate.year
        return (date.month, date.day) < (birthDate.month, birthDate.day) ? years - 1 : years
    }
}

/// A diagnosis as ICD-10-CM code and text (clinical reference §5: MDD is F32.x single episode,
/// F33.x recurrent; there is no ICD-10-CM code for TRD itself).
public struct Diagnosis: Sendable, Equatable, Codable {
    public var code: String
    public var text: String

    public init(code: String, text: String) {
        self.code = code
        self.text = text
    }

    /// The shape of an ICD-10-CM code: a letter, two characters, then up to four after a dot.
    public static func isWellFormed(_ code: String) -> Bool {
        code.wholeMatch(of: /[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?/) != nil
    }
}

/// Someone to call: an emergency contact or the person who drives the patient home.
public struct Contact: Sendable, Equatable, Codable {
    public var name: String
    public var phone: String
    public var relationship: String?

    public init(name: String, phone: String, relationship: String? = nil) {
        self.name = name
        self.phone = phone
        self.relationship = relationship
    }
}

/// The patient's enrolment in the esketamine REMS (clinical reference §2.1: patients must be
/// enrolled before the first outpatient dose).
public struct RemsEnrollment: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case notEnrolled = "not-enrolled"
        case enrolled
        case unenrolled
    }

    public var status: Status
    public var date: CalendarDate?

    public init(status: Status = .notEnrolled, date: CalendarDate? = nil) {
        self.status = status
        self.date = date
    }
}

/// A body weight and the day it was measured.
public struct Weight: Sendable, Equatable, Codable {
    public var kg: Double
    public var measuredOn: CalendarDate

    public init(kg: Double, measuredOn: CalendarDate) {
        self.kg = kg
        self.measuredOn = measuredOn
    }
}
