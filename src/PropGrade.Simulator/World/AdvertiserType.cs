namespace PropGrade.Simulator.World;

/// <summary>
/// An advertiser's <c>type</c> on a listing. <see cref="Other"/> is a type the grading rules put on no side (served as
/// <c>"agent"</c>, the kind of value a provider may add without notice).
/// </summary>
internal enum AdvertiserType : byte
{
    Seller,
    CoSeller,
    Buyer,
    CoBuyer,
    Other,
}
