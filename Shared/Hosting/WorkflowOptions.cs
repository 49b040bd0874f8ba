using System.ComponentModel.DataAnnotations;

namespace Workflow.Hosting;

/// <summary>Product-wide settings, section <c>Workflow</c> (env <c>Workflow__*</c>).</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflow";

    /// <summary>Base URL that personal links in emails point at (the Functions app or the local host).</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";

    /// <summary>The organisation's name as it signs emails and pages; configuration, never a template literal.</summary>
    [Required]
    public string OrganisationName { get; set; } = "Ban Tuyên giáo và Dân vận Tỉnh ủy";

    /// <summary>Key accepted in <c>x-functions-key</c> for organiser and officer endpoints (local host; Functions uses its own keys).</summary>
    public string? OrganiserApiKey { get; set; }

    /// <summary>Master key for <c>/admin/functions/{name}</c> (local host; Functions uses its own master key).</summary>
    public string? MasterKey { get; set; }
}

/// <summary>Email settings, section <c>Workflow:Email</c>.</summary>
public sealed class EmailOptions
{
    public const string Section = "Workflow:Email";

    [Required, EmailAddress]
    public string SenderEmail { get; set; } = "no-reply@bandanvan.example.vn";

    [Required]
    public string SenderName { get; set; } = "Ban Tuyên giáo và Dân vận Tỉnh ủy";

    /// <summary>When set, email goes through SendGrid; when empty, to the dev outbox.</summary>
    public string? SendGridApiKey { get; set; }

    /// <summary>SendGrid API base address (tests point it at a fake Mail Send server).</summary>
    [Required, Url]
    public string SendGridBaseUrl { get; set; } = "https://api.sendgrid.com";

    /// <summary>Table the dev outbox keeps messages in (tests give each host its own).</summary>
    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string OutboxTable { get; set; } = "DevOutbox";

    /// <summary>Folder where the dev outbox also writes each message as an .eml file; none when empty.</summary>
    public string? OutboxDirectory { get; set; }
}

/// <summary>Link-signing keys, section <c>Workflow:Links</c>. Several keys may be listed so old links keep working after a rotation.</summary>
public sealed class LinkOptions
{
    public const string Section = "Workflow:Links";

    /// <summary>The key id new links are signed with.</summary>
    [Required, RegularExpression("^[A-Za-z0-9]{1,16}$")]
    public string ActiveKeyId { get; set; } = string.Empty;

    /// <summary>Key id → base64 secret (at least 32 bytes each).</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);
}
