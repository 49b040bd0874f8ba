namespace Workflow.Email;

/// <summary>SendGrid substitution semantics: each key is replaced literally (ordinal), in the order given.</summary>
internal static class EmailSubstitutions
{
    public static string Apply(string template, IReadOnlyDictionary<string, string> substitutions)
    {
        if (string.IsNullOrEmpty(template))
        {
            return template;
        }

        foreach (var (key, value) in substitutions)
        {
            if (key.Length > 0)
            {
                template = template.Replace(key, value, StringComparison.Ordinal);
            }
        }

        return template;
    }
}
