/// One vendor of the demo catalog, with its shipping policy; money is decimal text.
public struct DemoVendor: Sendable, Codable, Equatable {
    public var name: String
    /// "external": the vendor is outside the platform and sends feeds.
    public var kind: String
    public var contactEmail: String
    public var website: String
    public var currency: String
    /// Flat shipping or delivery fee per order, decimal text (e.g. "5.99").
    public var shippingFee: String
    /// Orders at or above this value ship free; decimal text or nil.
    public var freeShippingOver: String?
    /// Orders below this value are refused; decimal text or nil.
    public var minOrderValue: String?
    public var leadTimeDays: Int
    /// 0...1: share of orders delivered complete and on time.
    public var reliability: Double
    /// Every vendor SKU of this vendor starts with this prefix.
    public var skuPrefix: String

    public init(
        name: String, kind: String, contactEmail: String, website: String, currency: String, shippingFee: String,
        freeShippingOver: String?, minOrderValue: String?, leadTimeDays: Int, reliability: Double, skuPrefix: String
    ) {
        self.name = name
        self.kind = kind
        self.contactEmail = contactEmail
        self.website = website
        self.currency = currency
        self.shippingFee = shippingFee
        self.freeShippingOver = freeShippingOver
        self.minOrderValue = minOrderValue
        self.leadTimeDays = leadTimeDays
        self.reliability = reliability
        self.skuPrefix = skuPrefix
    }
}
