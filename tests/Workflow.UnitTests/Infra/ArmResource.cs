using System.Text.Json.Nodes;

namespace Workflow.UnitTests.Infra;

/// <summary>One resource of a compiled ARM template, with the template that declares it.</summary>
public sealed record ArmResource(JsonObject Node, JsonObject Template)
{
    public string Type => (string?)Node["type"] ?? string.Empty;

    public string Name => (string?)Node["name"] ?? string.Empty;

    public JsonNode? Properties => Node["properties"];

    /// <summary>A variable of the declaring template (role definition ids live there).</summary>
    public string? Variable(string name) => (string?)Template["variables"]?[name];

    /// <summary>A variable of the declaring template as JSON (objects stay objects).</summary>
    public JsonNode? VariableNode(string name) => Template["variables"]?[name];

    /// <summary>A parameter's default value in the declaring template.</summary>
    public JsonNode? ParameterDefault(string name) => Template["parameters"]?[name]?["defaultValue"];

    /// <summary>All resources of a template and of the templates of its nested deployments.</summary>
    public static IEnumerable<ArmResource> Flatten(JsonObject template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject symbolic => symbolic.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };

        foreach (var resource in resources)
        {
            yield return new ArmResource(resource, template);
            if (resource["properties"] is JsonObject properties && properties["template"] is JsonObject nested)
            {
                foreach (var inner in Flatten(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
