using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FestivalPos.Deployment.Tests;

/// <summary>
/// The Prometheus rules of alerts/festivalpos.rules.yml as the compiled template carries them into Azure Monitor
/// (bicep/modules/alerts.bicep), and the runbooks their alerts point to (docs/runbooks).
/// </summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed partial class AlertRulesTests(CompiledTemplate template)
{
    private static readonly string Repository = Path.GetDirectoryName(BicepCli.Folder)!;
    private static readonly string Runbooks = Path.Combine(Repository, "docs", "runbooks");

    [Fact]
    public void Every_prometheus_alert_has_its_azure_monitor_rule_of_the_same_name_and_a_mapped_severity()
    {
        var alertsOnDisk = AlertName().Matches(File.ReadAllText(Path.Combine(Repository, "alerts", "festivalpos.rules.yml")))
            .Select(match => match.Groups[1].Value).ToList();
        alertsOnDisk.Should().NotBeEmpty().And.OnlyHaveUniqueItems();

        var module = template.Templates.Single(candidate => candidate["variables"]?["ruleFile"] is not null);
        var groups = template.ResourcesOfType("Microsoft.AlertsManagement/prometheusRuleGroups").Should().ContainSingle().Subject;
        ((string?)groups["copy"]!["count"]).Should().Be("[length(variables('ruleFile').groups)]", "one Azure rule group per Prometheus group");
        ((string?)groups["properties"]!["rules"]).Should().Contain("'alert', lambdaVariables('rule').alert", "each Azure rule keeps its alert's name");

        var severities = module["variables"]!["severities"]!.AsObject().Select(severity => severity.Key).ToList();
        Alerts(module).Select(alert => (string?)alert["alert"]).Should().Equal(alertsOnDisk, "the template carries the rule file as it is on disk");
        Alerts(module).Should().OnlyContain(alert => severities.Contains((string?)alert["labels"]!["severity"] ?? ""), "every severity has an Azure Monitor level");
    }

    [Fact]
    public void Every_alert_names_a_runbook_that_exists_and_every_runbook_is_in_the_index_linked_from_the_readme()
    {
        var module = template.Templates.Single(candidate => candidate["variables"]?["ruleFile"] is not null);
        foreach (var alert in Alerts(module))
        {
            var runbook = (string?)alert["annotations"]!["runbook_url"];
            runbook.Should().StartWith("docs/runbooks/", $"{alert["alert"]} names its runbook");
            File.Exists(Path.Combine(Repository, runbook!)).Should().BeTrue($"{alert["alert"]}'s runbook {runbook} exists");
        }

        var index = File.ReadAllText(Path.Combine(Runbooks, "README.md"));
        var linked = MarkdownLink().Matches(index).Select(match => match.Groups[1].Value).ToHashSet();
        foreach (var runbook in Directory.GetFiles(Runbooks, "*.md").Select(Path.GetFileName).Where(name => name != "README.md"))
        {
            linked.Should().Contain(runbook!, $"the index links {runbook}");
        }

        linked.Should().OnlyContain(link => File.Exists(Path.Combine(Runbooks, link)), "every runbook the index links exists");
        File.ReadAllText(Path.Combine(Repository, "README.md")).Should().Contain("(docs/runbooks/README.md)");
    }

    /// <summary>The alert rules (not the recording rules) of the rule file compiled into the alerts module.</summary>
    private static IEnumerable<JsonNode> Alerts(JsonNode module)
    {
        var ruleFile = module["variables"]!.AsObject().Select(variable => variable.Value).OfType<JsonObject>().Single(variable => variable["groups"] is not null);
        return ruleFile["groups"]!.AsArray().SelectMany(group => group!["rules"]!.AsArray()).Where(rule => rule!["alert"] is not null)!;
    }

    [GeneratedRegex(@"^\s*- alert: (\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex AlertName();

    [GeneratedRegex(@"\]\(([\w.-]+\.md)\)")]
    private static partial Regex MarkdownLink();
}
