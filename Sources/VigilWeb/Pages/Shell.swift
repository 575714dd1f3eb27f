import VigilCore

/// What every page's frame shows: the title, who is signed in, the navigation their role allows,
/// and the anti-forgery token for the forms on the page.
struct Shell {
    struct Link {
        let label: String
        let href: String?
        let current: Bool
    }

    let title: String
    let userName: String?
    let roleTitle: String?
    let csrf: String?
    let nav: [Link]
    /// The site the page is about, and the user's sites to switch to when they have more than one.
    let siteName: String?
    let siteChoices: [SelectOption]
    let siteLink: String

    /// `switcher: false` leaves out the site switcher (an error page, a dead end, offers no forms).
    init(title: String, context: VigilContext, current: String? = nil, switcher: Bool = true) {
        self.title = title
        userName = context.identity?.user.name
        roleTitle = context.identity?.user.role.title
        csrf = context.identity?.session.csrfToken
        siteLink = PageEndpoints.chooseSite.link()
        let places = context.identity?.workplaces ?? []
        siteName = context.site.map { site in site.id == context.identity?.currentSite?.id ? site.name : "\(site.name) (viewing)" }
        siteChoices = places.count > 1 && switcher ? places.map { SelectOption(value: $0.id.uuidString.lowercased(), label: $0.name,
                                                                    selected: $0.id == context.identity?.currentSite?.id) } : []
        guard let user = context.identity?.user else {
            nav = []
            return
        }
        let role = user.role
        func link(_ label: String, _ endpoint: Endpoint) -> Link {
            Link(label: label, href: endpoint.link(), current: endpoint.path == current)
        }
        var links = [link("Home", PageEndpoints.home)]
        if role.may(.viewDemographics) { links.append(link("Patients", PageEndpoints.patients)) }
        if role.may(.viewSchedule) { links.append(link("Chair board", PageEndpoints.board)) }
        if role.may(.viewClinical) {
            links.append(link("Alerts", PageEndpoints.alerts))
            links.append(link("Measures", PageEndpoints.measures))
        }
        if role.may(.viewLedger) { links.append(link("Controlled substances", PageEndpoints.inventory)) }
        if role.may(.handleConsultationRequests) { links.append(link("Consultation requests", PageEndpoints.consultationRequests)) }
        if role.may(.manageUsers) { links.append(link("Users", PageEndpoints.users)) }
        if role.may(.viewClinical) || role.may(.manageSettings) { links.append(link("Protocols", PageEndpoints.protocols)) }
        if role.may(.manageSettings) {
            links.append(link("Settings", PageEndpoints.settings))
            links.append(link("Sites", PageEndpoints.sites))
        }
        if user.may(.viewNetwork) { links.append(link("Network", PageEndpoints.network)) }
        if role.may(.readAuditTrail) { links.append(link("Audit log", PageEndpoints.audit)) }
        nav = links
    }

    /// The clinic's work areas in the order of a patient's path.
    static func areas(for role: Role) -> [Area] {
        let patients = Area(name: "Patients and intake", summary: "Referrals, consultation requests, treatment history, eligibility and consent",
                            href: PageEndpoints.patients.link())
        let measures = Area(name: "Rating scales", summary: "PHQ-9, GAD-7, QIDS-SR16, MADRS, CADSS, C-SSRS and WHO-5 with alerts, plans and trajectories",
                            href: PageEndpoints.measures.link())
        let courses = Area(name: "Treatment courses", summary: "Protocols, dose calculation, scheduling in chairs and the chair board",
                           href: PageEndpoints.board.link())
        let sessions = Area(name: "Dosing sessions", summary: "Readiness, blood-pressure gate, live monitoring, discharge and the REMS monitoring forms",
                            href: PageEndpoints.remsQueue.link())
        return (role.may(.viewDemographics) ? [patients] : []) + (role.may(.viewClinical) ? [measures] : []) + (role.may(.viewSchedule) ? [courses] : [])
            + (role.may(.viewClinical) ? [sessions] : [])
            + (role.may(.viewLedger) ? [Area(name: "Controlled substances", summary: "Stock, receipts, administrations, witnessed waste, counts, discrepancies and DEA records",
                                             href: PageEndpoints.inventory.link())] : [])
    }

    struct Area {
        let name: String
        let summary: String
        let href: String
    }
}
