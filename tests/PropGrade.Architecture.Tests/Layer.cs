using System.Reflection;

namespace PropGrade.Architecture.Tests;

/// <summary>One project of the solution, by assembly name (the CLI's is <c>propgrade</c>) and root namespace.</summary>
public sealed record Layer(string AssemblyName, string Namespace)
{
    public static readonly Layer Core = new("PropGrade.Core", "PropGrade.Core");
    public static readonly Layer ListingApi = new("PropGrade.ListingApi", "PropGrade.ListingApi");
    public static readonly Layer Simulator = new("PropGrade.Simulator", "PropGrade.Simulator");
    public static readonly Layer Local = new("PropGrade.Local", "PropGrade.Local");
    public static readonly Layer AgentIndex = new("PropGrade.AgentIndex", "PropGrade.AgentIndex");
    public static readonly Layer Aws = new("PropGrade.Aws", "PropGrade.Aws");
    public static readonly Layer Functions = new("PropGrade.Functions", "PropGrade.Functions");
    public static readonly Layer Cli = new("propgrade", "PropGrade.Cli");
    public static readonly Layer Cdk = new("PropGrade.Cdk", "PropGrade.Cdk");

    /// <summary>Every project of ours, entry points included.</summary>
    public static readonly Layer[] All = [Core, ListingApi, Simulator, AgentIndex, Local, Aws, Functions, Cli, Cdk];

    /// <summary>The composition roots: only these compose adapters, and nothing depends on them.</summary>
    public static readonly Layer[] EntryPoints = [Cli, Functions, Cdk];

    public Assembly Load() => Assembly.Load(new AssemblyName(AssemblyName));

    public override string ToString() => Namespace;
}
