namespace PropGrade.Core.Exports;

/// <summary>
/// The columns of <c>contacts.csv</c>, the file a sales team imports into its CRM as is. The first seven headers are the
/// standard contact properties HubSpot maps by name ("First Name", "Last Name", "Email", "Phone Number", "Company Name",
/// "City", "State/Region") and the Salesforce Data Import Wizard offers for its contact fields; "Website URL" is HubSpot's
/// standard website property (the realtor.com profile). The PropGrade columns after them (tier, volume, sides, movement,
/// ids) become custom properties or are skipped at import. Rows are the graded rows (selected tiers, export order).
/// </summary>
public static class ContactColumns
{
    public static IReadOnlyList<ExportColumn> All { get; } =
    [
        Text("First Name", r => ContactName.Split(r.Name).First),
        Text("Last Name", r => ContactName.Split(r.Name).Last),
        Text("Email", r => r.Contact?.Email),
        Text("Phone Number", r => r.Contact?.Phone),
        Text("Company Name", r => r.Office ?? r.Contact?.Broker),
        Text("City", r => r.Contact?.City),
        Text("State/Region", r => r.Contact?.State),
        Text("Website URL", r => r.Contact?.ProfileUrl),
        Text("Office Phone", r => r.Contact?.OfficePhone),
        Text("Broker", r => r.Contact?.Broker),
        Text("License Number", r => r.Contact?.License),
        Text("NRDS ID", r => r.Contact?.NrdsId),
        Text("Advertiser ID", r => r.AdvertiserId),
        Text("PropGrade Tier", r => r.Tier),
        ExportColumn.Currency("PropGrade Closed Volume", "PropGrade Closed Volume", 16, r => r.SoldVolume),
        ExportColumn.Sides("PropGrade Sides", "PropGrade Sides", 8, r => r.SoldSides),
        ExportColumn.Currency("PropGrade Active Volume", "PropGrade Active Volume", 16, r => r.ActiveVolume),
        Text("PropGrade Movement", r => r.Movement),
        Text("PropGrade Previous Tier", r => r.PreviousTier),
        Text("PropGrade Market ZIP", r => r.Market),
    ];

    private static ExportColumn Text(string header, Func<GradedRow, string?> value) => ExportColumn.Text(header, header, 16, value);
}
