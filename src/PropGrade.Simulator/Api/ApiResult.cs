namespace PropGrade.Simulator.Api;

/// <summary>What an endpoint answers before any transport fault: status, JSON body, and whether a page fault was used.</summary>
internal sealed record ApiResult(int Status, byte[] Body, bool PageFaultApplied = false)
{
    public static ApiResult Error(int status, string message) => new(status, ApiJson.Message(message));
}
