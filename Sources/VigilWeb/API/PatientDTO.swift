import Foundation
import VigilCore
import VigilStorage

/// A patient as the API shows it.
struct PatientDTO: Encodable, Sendable {
    let id: String
    let mrn: String
    let givenName: String
    let familyName: String
    let birthDate: CalendarDate
    let age: Int
    let sex: Patient.Sex
    let phone: String?
    let email: String?
    let address: String?
    let heightCm: Double?
    let weightKg: Double?
    let weightMeasuredOn: CalendarDate?
    /// Every weight recorded, newest first (on single-patient responses).
    let weights: [Weight]?
    let diagnoses: [Diagnosis]
    let medications: [String]
    let allergies: [String]
    let emergencyContact: Contact?
    let rideHomeContact: Contact?
    let remsStatus: RemsEnrollment.Status
    let remsEnrolledOn: CalendarDate?
    let createdAt: Date
    let updatedAt: Date

    init(_ patient: Patient, weights: [Weight]? = nil, today: CalendarDate) {
        id = patient.id.lowercased
        mrn = patient.mrn
        givenName = patient.givenName
        familyName = patient.familyName
        birthDate = patient.birthDate
        age = patient.age(on: today)
        sex = patient.sex
        phone = patient.phone
        email = patient.email
        address = patient.address
        heightCm = patient.heightCm
        weightKg = patient.weight?.kg
        weightMeasuredOn = patient.weight?.measuredOn
        self.weights = weights
        diagnoses = patient.diagnoses
        medications = patient.medications
        allergies = patient.allergies
        emergencyContact = patient.emergencyContact
        rideHomeContact = patient.rideHomeContact
        remsStatus = patient.rems.status
        remsEnrolledOn = patient.rems.date
        createdAt = patient.createdAt
        updatedAt = patient.updatedAt
    }
}
