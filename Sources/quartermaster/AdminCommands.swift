import ArgumentParser
import QuartermasterCore
import QuartermasterServer
import QuartermasterStore

/// Validation failures print one line per field and exit non-zero.
func report(_ failure: ValidationFailure) -> ValidationError {
    ValidationError(failure.errors.map { "\($0.field) \($0.message)" }.joined(separator: "\n"))
}

struct Org: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage organisations.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an organisation and its first admin.")
        @OptionGroup var common: CommonOptions
        @Option(help: "Organisation name.") var name: String
        @Option(help: "Admin's email.") var adminEmail: String
        @Option(help: "Admin's name.") var adminName: String
        @Option(help: "Admin's password (10 to 72 bytes).") var adminPassword: String

        func run() async throws {
            var validator = Validator()
            let name = validator.text("name", self.name, maxLength: 120)
            let email = validator.email("admin-email", adminEmail)
            let adminName = validator.text("admin-name", self.adminName, maxLength: 120)
            validator.password("admin-password", adminPassword)
            do { try validator.check() } catch { throw report(error) }
            let configuration = try ServerConfiguration(reader: try await common.reader())
            let logger = Logs.logger(level: configuration.logLevel)
            let password = adminPassword
            let (org, admin) = try await withDatabase(configuration, logger: logger) { database in
                try await Migrator(database: database).migrate()
                let store = Store(database: database, hub: EventHub())
                let hash = try await PasswordHasher(cost: configuration.bcryptCost).hash(password)
                return try await SQLIdentityRepository(store: store).createOrganization(
                    name: name, admin: NewMember(email: email, name: adminName, passwordHash: hash, roles: [.admin]))
            }
            print("created organisation \(org.name) (\(org.slug), \(org.id)) with admin \(admin.email)")
        }
    }
}

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage users.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user to an organisation.")
        @OptionGroup var common: CommonOptions
        @Option(help: "Organisation slug or id.") var org: String
        @Option(help: "Email.") var email: String
        @Option(help: "Name.") var name: String
        @Option(help: "Comma-separated roles: admin, buyer, approver, requester, finance, vendor, service.") var roles: String
        @Option(help: "Password (10 to 72 bytes).") var password: String

        func run() async throws {
            var validator = Validator()
            let email = validator.email("email", self.email)
            let name = validator.text("name", self.name, maxLength: 120)
            validator.password("password", password)
            var parsedRoles: [Role] = []
            switch Role.parse(roles.split(separator: ",").map { String($0).trimmingWhitespace() }) {
            case .success(let value): parsedRoles = value
            case .failure(let error): validator.fail(error.field, error.message)
            }
            if parsedRoles.isEmpty && validator.errors.isEmpty { validator.fail("roles", "must name at least one role") }
            do { try validator.check() } catch { throw report(error) }
            let configuration = try ServerConfiguration(reader: try await common.reader())
            let logger = Logs.logger(level: configuration.logLevel)
            let (org, password, roles) = (self.org, self.password, parsedRoles)
            let member = try await withDatabase(configuration, logger: logger) { database in
                try await Migrator(database: database).migrate()
                let identity = SQLIdentityRepository(store: Store(database: database, hub: EventHub()))
                guard let organization = try await identity.findOrganization(org) else {
                    throw ValidationError("no organisation with slug or id '\(org)'")
                }
                let hash = try await PasswordHasher(cost: configuration.bcryptCost).hash(password)
                return try await identity.addMember(
                    Tenant(organizationID: organization.id), NewMember(email: email, name: name, passwordHash: hash, roles: roles),
                    actorID: nil)
            }
            print("added \(member.email) with roles \(member.roles.map(\.rawValue).joined(separator: ","))")
        }
    }
}
