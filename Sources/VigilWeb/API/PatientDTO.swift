import Foundation
import VigilCore
import VigilStorage

/// A patient as the API shows it; the clinical fields only to a role that may read them
/// (`PatientRecordPart.clinical`), absent otherwise.
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
    let diagnoses: [Diagnosis]?
    let medications: [String]?
    let allergies: [String]?
    let emergencyContact: Contact?
    let rideHomeContact: Contact?
    let remsStatus: RemsEnrollment.Status?
    let remsEnrolledOn: CalendarDate?
    let createdAt: Date
    let updatedAt: Date

    init(_ patient: Patient, weights: [Weight]? = nil, today: CalendarDate, viewer: Role?) {
        let clinical = viewer?.may(PatientRecordPart.clinical.toRead) ?? false
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
        heightCm = clinical ? patient.heightCm : nil
        weightKg = clinical ? patient.weight?.kg : nil
        weightMeasuredOn = clinical ? patient.weight?.measuredOn : nil
        self.weights = clinical ? weights : nil
        diagnoses = clinical ? patient.diagnoses : nil
        medications = clinical ? patient.medications : nil
        allergies = clinical ? patient.allergies : nil
        emergencyContact = patient.emergencyContact
        rideHomeContact = patient.rideHomeContact
        remsStatus = clinical ? patient.rems.status : nil
        remsEnrolledOn = clinical ? patient.rems.date : nil
        createdAt = patient.createdAt
        updatedAt = patient.updatedAt
    }
}
