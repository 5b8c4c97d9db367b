namespace PropGrade.Cdk.Tests;

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<SynthesizedStack>
{
    public const string Name = "synthesized stack";
}
