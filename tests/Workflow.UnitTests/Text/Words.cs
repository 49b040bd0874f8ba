using Workflow.Templates;

namespace Workflow.UnitTests.Text;

/// <summary>A domain phrase in words, as a reader sees it: tests assert on what a person reads.</summary>
internal static class Words
{
    private static readonly TemplateRenderer Renderer = new();

    public static string En(this Phrase? phrase) => Renderer.Render(Assert.IsType<Phrase>(phrase), "en");

    public static string Vi(this Phrase? phrase) => Renderer.Render(Assert.IsType<Phrase>(phrase), "vi");
}
