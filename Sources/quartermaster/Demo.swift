import ArgumentParser
import Foundation
import Logging
import QuartermasterCore
import QuartermasterServer
import QuartermasterStore

/// Something that adds demo data to the demo organisation (the catalog issue adds its catalog here).
protocol DemoSeeder: Sendable {
    func seed(_ components: Quartermaster.Components, organization: OrganizationRecord, logger: Logger) async throws
}

enum DemoData {
    static let organizationName = "Demo Organisation"
    static let password = "quartermaster-demo"
    static let domain = "demo.quartermaster.test"
    /// The demo vendor whose user signs in to the supplier portal.
    static let portalVendor = "Northside Stationers"
    /// Creates the demo organisation with one user per role and the demo catalog, unless it exists. Returns it.
    static func ensure(_ components: Quartermaster.Components, products: Int = 2_400) async throws -> OrganizationRecord {
        let identity = components.identity
        if let existing = try await identity.findOrganization(Slug.make(from: organizationName)) { return existing }
        let seeders: [any DemoSeeder] = [CatalogSeeder(products: products), PurchasingSeeder()]
        let hash = try await components.passwords.hash(password)
        let (org, _) = try await identity.createOrganization(
            name: organizationName, admin: NewMember(email: "admin@\(domain)", name: "Ada Admin", passwordHash: hash, roles: [.admin]))
        let people: [(Role, String)] = [
            (.buyer, "Bruno Buyer"), (.approver, "Alice Approver"), (.requester, "Rui Requester"), (.finance, "Fatima Finance"),
            (.service, "Sam Service"),
        ]
        for (role, name) in people {
            _ = try await identity.addMember(
                Tenant(organizationID: org.id),
                NewMember(email: "\(role.rawValue)@\(domain)", name: name, passwordHash: hash, roles: [role]),
                actorID: nil)
        }
        for seeder in seeders { try await seeder.seed(components, organization: org, logger: components.logger) }
        // The vendor user answers for one local supplier in the supplier portal.
        let vendors = try await components.catalog.repository.vendors(Tenant(organizationID: org.id))
        if let supplier = vendors.first(where: { $0.vendor.name == portalVendor }) ?? vendors.first {
            _ = try await identity.addMember(
                Tenant(organizationID: org.id),
                NewMember(email: "vendor@\(domain)", name: "Victor Vendor", passwordHash: hash, roles: [.vendor], vendorID: supplier.id),
                actorID: nil)
        }
        return org
    }
}

/// The generated office-supplies catalog: five vendors and their feeds.
struct CatalogSeeder: DemoSeeder {
    let products: Int

    func seed(_ components: Quartermaster.Components, organization: OrganizationRecord, logger: Logger) async throws {
        let tenant = Tenant(organizationID: organization.id)
        let result = try await DemoCatalogLoader.load(components.catalog, tenant: tenant, products: products)
        logger.info(
            "demo catalog loaded",
            metadata: [
                "products": "\(result.products)", "vendors": "\(result.vendors.count)",
                "seconds": "\(String(format: "%.1f", result.seconds))",
            ])
        _ = try await components.catalog.refreshEmbeddings(tenant)
    }
}

/// What buying needs besides the catalog: the organisation's addresses and terms, vendor addresses,
/// cost centres with this quarter's budgets, and an approval limit for the approver.
struct PurchasingSeeder: DemoSeeder {
    func seed(_ components: Quartermaster.Components, organization: OrganizationRecord, logger: Logger) async throws {
        let tenant = Tenant(organizationID: organization.id)
        let office = PostalAddress(
            street: ["100 Market Street", "Floor 4"], city: "San Francisco", region: "CA", postalCode: "94105", countryCode: "US")
        try await components.agent.purchasing.setProfile(
            tenant,
            PurchasingProfile(
                buyer: Party(
                    name: organization.name, address: office, contact: Contact(name: "Bruno Buyer", email: "buyer@\(DemoData.domain)")),
                paymentTerms: PaymentTerms(netDays: 30), incoterms: Incoterms(.dap, place: "San Francisco"),
                terms: ["Quote the purchase order number on every invoice and delivery note."]),
            by: nil)
        let cities = [
            ("Seattle", "WA", "98101"), ("Chicago", "IL", "60601"), ("Austin", "TX", "78701"), ("Denver", "CO", "80202"),
            ("Boston", "MA", "02110"),
        ]
        for (index, record) in try await components.catalog.repository.vendors(tenant).enumerated() {
            var vendor = record.vendor
            let (city, region, zip) = cities[index % cities.count]
            vendor.address = PostalAddress(
                street: ["\(200 + index * 15) Commerce Way"], city: city, region: region, postalCode: zip, countryCode: "US")
            _ = try await components.catalog.repository.updateVendor(tenant, id: record.id, vendor)
        }
        let approvals = components.agent.approvals
        let today = LocalDate.at(Clock.nowMilliseconds(), in: TimeZone(identifier: organization.timeZone) ?? TimeZone(identifier: "UTC")!)
        for (code, name, amount) in [("OPS", "Operations", 25_000), ("MKT", "Marketing", 8_000), ("IT", "IT", 40_000)] {
            let centre = try await approvals.createCostCentre(tenant, code: code, name: name, ownerID: nil)
            _ = try await approvals.createBudget(
                tenant, costCentreID: centre.id, period: BudgetPeriod(.quarter, containing: today), amount: FixedDecimal(amount),
                currency: CurrencyCode("USD")!, actions: BudgetActions())
        }
        if let approver = try await components.identity.members(tenant, page: PageRequest(limit: 50, after: nil)).items
            .first(where: { $0.roles.contains(.approver) })
        {
            try await approvals.setLimit(tenant, userID: approver.id, requestLimit: nil, approvalLimit: FixedDecimal(10_000))
        }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server with a seeded demo organisation (one user per role) and the demo catalog.")
    @OptionGroup var common: CommonOptions
    @OptionGroup var options: ServeOptions
    @Option(help: "Number of products in the demo catalog (only when the demo organisation is first created).")
    var products = 2_400

    func run() async throws {
        let configuration = try ServerConfiguration(reader: try await common.reader(extra: options.values))
        let logger = Logs.logger(level: configuration.logLevel)
        let products = self.products
        try await serve(configuration, logger: logger) { components in
            let org = try await DemoData.ensure(components, products: products)
            let host = configuration.host == "0.0.0.0" ? "127.0.0.1" : configuration.host
            var lines = [
                "", "Quartermaster demo: http://\(host):\(configuration.port)/", "Organisation: \(org.name)",
                "Password for every demo user: \(DemoData.password)",
            ]
            for role in Role.allCases {
                let note = role == .vendor ? "  (supplier portal, for \(DemoData.portalVendor))" : ""
                lines.append(
                    "  \(role.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(role.rawValue)@\(DemoData.domain)\(note)")
            }
            // Unbuffered, so the credentials show at once even when stdout is a file or a pipe.
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n\n").utf8))
        }
    }
}
