using System.ComponentModel.DataAnnotations;

namespace Workflow.Hosting;

/// <summary>Product-wide settings, section <c>Workflow</c> (env <c>Workflow__*</c>).</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflow";

    /// <summary>The organisation's name until configuration gives one; the sender's name of emails defaults to it too.</summary>
    public const string DefaultOrganisationName = "Ban Tuyên giáo và Dân vận Tỉnh ủy";

    /// <summary>Base URL that personal links in emails point at (the Functions app or the local host).</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";

    /// <summary>The organisation's name as it signs emails and pages; configuration, never a template literal.</summary>
    [Required]
    public string OrganisationName { get; set; } = DefaultOrganisationName;

    /// <summary>
    /// Script key (<c>x-functions-key</c> or <c>?code=</c>) with the roles organiser and officer of every unit, checked by the
    /// app on both hosts (docs/security.md); on Azure a Key Vault reference.
    /// </summary>
    public string? OrganiserApiKey { get; set; }

    /// <summary>
    /// The administrator's script key: every role, every unit (and the local host's <c>/admin/functions/{name}</c>); on
    /// Azure a Key Vault reference (docs/security.md).
    /// </summary>
    public string? MasterKey { get; set; }
}

/// <summary>Email settings, section <c>Workflow:Email</c>.</summary>
public sealed class EmailOptions
{
    public const string Section = "Workflow:Email";

    [Required, EmailAddress]
    public string SenderEmail { get; set; } = "no-reply@bandanvan.example.vn";

    [Required]
    public string SenderName { get; set; } = WorkflowOptions.DefaultOrganisationName;

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

    /// <summary>
    /// How long one Mail Send request may wait for its answer. Far above SendGrid's slow-but-normal latency (a 20 s
    /// stall before a 202 happens): a request cut off here may still have been accepted, so it is never resent but
    /// reported as unconfirmed (see <see cref="Workflow.Email.SendGridEmailSender"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan SendGridAttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Retries after a 408, 429, 5xx or a connection refused/reset before any answer (so at most 1 + this many requests).</summary>
    [Range(0, 10)]
    public int SendGridMaxRetries { get; set; } = 4;

    /// <summary>First back-off delay (exponential, with jitter) when the answer gives no Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan SendGridRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait before a retry, a 429's Retry-After included (a longer Retry-After is capped to this).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan SendGridMaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Bound on one request with all its retries; past it the batch is left to the caller's retry (or, mid-request, reported as unconfirmed).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan SendGridTotalTimeout { get; set; } = TimeSpan.FromMinutes(6);

    /// <summary>
    /// Invitations, reminder rounds and remind-now rounds are handed over under a batch id and delivered this long after (SendGrid's
    /// <c>send_at</c>), so a round found handed over but not marked after a crash can still be cancelled and sent again
    /// once: SendGrid cancels a batch only until 10 minutes before its <c>send_at</c>, so the lead must exceed
    /// 10 minutes by the time a restarted flow needs to get there (docs/email.md). Zero: delivered at once, no batch
    /// id (a crash between the provider's answer and the marks then sends that batch twice).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ScheduledSendLead { get; set; } = TimeSpan.FromMinutes(15);
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
