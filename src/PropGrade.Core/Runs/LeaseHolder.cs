namespace PropGrade.Core.Runs;

/// <summary>Who takes a lease.</summary>
/// <param name="OwnerId">
/// What the store compares: the executing process locally (<c>host:pid:start</c>), the run id on AWS. The same owner
/// taking the lease again renews it.
/// </param>
/// <param name="Description">How a refusal names the holder to a person (never a secret).</param>
/// <param name="RunId">The run the holder executes, when there is one (the API's 409 names it).</param>
public sealed record LeaseHolder(string OwnerId, string Description, string? RunId);
