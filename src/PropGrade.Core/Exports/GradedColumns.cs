namespace PropGrade.Core.Exports;

/// <summary>
/// The columns of <c>graded.csv</c> and of every tier sheet (and the Incomplete sheet) of <c>graded.xlsx</c>, in order:
/// the one place that says which fields are exported, under which headers, typed how. The contract's first fourteen
/// columns come first in its order (<c>contracts/runs-api.md</c>), then the revision-2 fields a sales rep acts on.
/// Adding a field to <see cref="GradedRow"/> and a line here is all both writers need.
/// </summary>
public static class GradedColumns
{
    public static IReadOnlyList<ExportColumn> All { get; } =
    [
        ExportColumn.Text("advertiser_id", "Advertiser ID", 14, r => r.AdvertiserId),
        ExportColumn.Text("fulfillment_id", "Fulfillment ID", 14, r => r.FulfillmentId),
        ExportColumn.Text("name", "Agent", 28, r => r.Name),
        ExportColumn.Text("office", "Office", 32, r => r.Office),
        ExportColumn.Text("tier", "Tier", 8, r => r.Tier),
        ExportColumn.Currency("sold_volume", "Closed volume", 16, r => r.SoldVolume),
        ExportColumn.Sides("sold_sides", "Sides", 8, r => r.SoldSides),
        ExportColumn.Currency("active_volume", "Active volume", 16, r => r.ActiveVolume),
        ExportColumn.Sides("active_count", "Active listings", 10, r => r.ActiveCount),
        ExportColumn.Text("initial_tier", "Initial tier", 10, r => r.InitialTier),
        ExportColumn.Flag("complete", "Complete", 10, r => r.Complete),
        ExportColumn.Text("stop_reason", "Stop reason", 18, r => r.StopReason),
        ExportColumn.Integer("pages_fetched", "Pages read", 10, r => r.PagesFetched),
        ExportColumn.Text("movement", "Movement", 10, r => r.Movement),
        ExportColumn.Text("nrds_id", "NRDS ID", 12, r => r.Contact?.NrdsId),
        ExportColumn.Text("phone", "Phone", 16, r => r.Contact?.Phone),
        ExportColumn.Text("office_phone", "Office phone", 16, r => r.Contact?.OfficePhone),
        ExportColumn.Text("email", "Email", 28, r => r.Contact?.Email),
        ExportColumn.Text("license", "License", 18, r => r.Contact?.License),
        ExportColumn.Text("broker", "Broker", 28, r => r.Contact?.Broker),
        ExportColumn.Text("city", "City", 16, r => r.Contact?.City),
        ExportColumn.Text("state", "State", 7, r => r.Contact?.State),
        ExportColumn.Text("profile_url", "Profile URL", 40, r => r.Contact?.ProfileUrl),
        ExportColumn.Text("previous_tier", "Previous tier", 10, r => r.PreviousTier),
        ExportColumn.Integer("undisclosed_sales", "Undisclosed sales", 12, r => r.UndisclosedSales),
        ExportColumn.Flag("volume_estimated", "Volume estimated", 12, r => r.VolumeEstimated),
        ExportColumn.Text("market", "Market (ZIP)", 12, r => r.Market),
        ExportColumn.Integer("unknown_sides", "Unknown sides", 10, r => r.UnknownSides),
    ];
}
