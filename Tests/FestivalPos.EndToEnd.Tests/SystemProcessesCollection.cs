namespace FestivalPos.EndToEnd.Tests;

/// <summary>Tests that run the whole system as processes take turns: on a small machine, two at once would time each other out.</summary>
[CollectionDefinition(Name)]
public sealed class SystemProcessesCollection
{
    public const string Name = "system processes";
}
