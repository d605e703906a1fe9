import QuartermasterCore
import QuartermasterStore

/// Loads the generated demo catalog (five vendors and their feeds) into an organisation, through the
/// same importer as every other import.
public enum DemoCatalogLoader {
    public struct Result: Sendable {
        public var vendors: [VendorRecord] = []
        public var imports: [CatalogImporter.Summary] = []
        public var bytes = 0
        public var seconds = 0.0
        public var products = 0
    }

    public static func load(_ catalog: CatalogServices, tenant: Tenant, products: Int, seed: UInt64 = 20_261_121) async throws -> Result {
        let generator = DemoCatalogGenerator(products: products, seed: seed)
        var result = Result()
        for (index, demo) in generator.vendors.enumerated() {
            let vendor: VendorRecord
            if let existing = try await catalog.repository.findVendor(tenant, demo.name) {
                vendor = existing
            } else {
                var new = NewVendor(name: demo.name, currency: CurrencyCode(demo.currency) ?? CurrencyCode("USD")!)
                new.kind = demo.kind
                new.contactEmail = demo.contactEmail
                new.website = demo.website
                new.shippingFee = FixedDecimal(parsing: demo.shippingFee) ?? .zero
                new.freeShippingOver = demo.freeShippingOver.flatMap { FixedDecimal(parsing: $0) }
                new.minOrderValue = demo.minOrderValue.flatMap { FixedDecimal(parsing: $0) }
                new.leadTimeDays = demo.leadTimeDays
                new.reliability = demo.reliability
                vendor = try await catalog.repository.createVendor(tenant, new)
            }
            result.vendors.append(vendor)
            var body: [UInt8] = []
            generator.forEachRecord(vendor: index) { line in
                body.append(contentsOf: line.utf8)
                body.append(0x0A)
            }
            result.bytes += body.count
            let started = ContinuousClock.now
            let record = try await catalog.repository.createImport(
                tenant, vendorID: vendor.id, format: .jsonLines, strict: false, source: "demo", body: body, createdBy: nil, jobKind: nil)
            result.imports.append(try await catalog.importer.run(tenant, importID: record.id))
            result.seconds += (ContinuousClock.now - started).inSeconds
        }
        result.products = try await catalog.repository.productCount(tenant)
        return result
    }
}
