using System.Globalization;

namespace Workflow.Email;

/// <summary>What became of an email that failed for good.</summary>
public enum EmailFailureKind
{
    /// <summary>The email service refused it (and sent nothing).</summary>
    Refused,

    /// <summary>The email service did not answer in time: it may or may not have been delivered, and is not resent.</summary>
    Unconfirmed,

    /// <summary>A reason stored before reasons were kept as data (its text is kept as it was).</summary>
    Other,
}

/// <summary>
/// Why an email failed for good, as data, never as a sentence: what happened, and the email service's own words if it
/// gave any. It is put into words where a person reads it (the organiser's invitee list, the RSVP summary), in the
/// reader's language, through <see cref="Said"/>; the service's text (English, as it wrote it) only follows the sentence
/// as data, never inside one.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Status">The HTTP status of the service's refusal (kept for the operator; not in the sentence).</param>
/// <param name="ServiceText">The service's own text for a refusal (it may name the address), or a reason stored before
/// reasons were data; null when none.</param>
/// <param name="WaitedSeconds">How long the answer was waited for (unconfirmed; kept for the operator; not in the sentence).</param>
public sealed record EmailFailure(EmailFailureKind Kind, int? Status = null, string? ServiceText = null, double? WaitedSeconds = null)
{
    private const char Separator = '|';

    /// <summary>Refused by the service with <paramref name="status"/>, with its text if it gave one.</summary>
    public static EmailFailure Refused(int status, string? serviceText) =>
        new(EmailFailureKind.Refused, status, string.IsNullOrWhiteSpace(serviceText) ? null : serviceText.Trim());

    /// <summary>Handed to the service, which gave no answer within <paramref name="waited"/>.</summary>
    public static EmailFailure Unconfirmed(TimeSpan waited) =>
        new(EmailFailureKind.Unconfirmed, WaitedSeconds: Math.Round(waited.TotalSeconds, 1));

    /// <summary>
    /// The reason as a person reads it: a sentence of the string tables (<c>emailFailure.*</c>), followed by the
    /// service's text as data when there is one.
    /// </summary>
    public Phrase Said
    {
        get
        {
            var sentence = Phrase.Of(Kind switch
            {
                EmailFailureKind.Refused => "emailFailure.refused",
                EmailFailureKind.Unconfirmed => "emailFailure.unconfirmed",
                _ => "emailFailure.notSent",
            });
            return ServiceText is null
                ? sentence
                : Phrase.Of(Kind == EmailFailureKind.Refused ? "emailFailure.withServiceText" : "emailFailure.withDetail", ("sentence", sentence), ("text", ServiceText));
        }
    }

    /// <summary>
    /// The form kept on a row: <c>refused|400|text</c>, <c>unconfirmed|100|</c>; a reason of kind
    /// <see cref="EmailFailureKind.Other"/> is kept as its text. Read back with <see cref="FromStored"/>.
    /// </summary>
    public string Stored => Kind switch
    {
        EmailFailureKind.Refused => string.Create(CultureInfo.InvariantCulture, $"refused{Separator}{Status}{Separator}{ServiceText}"),
        EmailFailureKind.Unconfirmed => string.Create(CultureInfo.InvariantCulture, $"unconfirmed{Separator}{WaitedSeconds}{Separator}"),
        _ => ServiceText ?? string.Empty,
    };

    /// <summary>A reason as <see cref="Stored"/> kept it; any other text (a reason stored as a sentence before) is <see cref="EmailFailureKind.Other"/> with that text.</summary>
    public static EmailFailure? FromStored(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return null;
        }

        var parts = stored.Split(Separator, 3);
        if (parts.Length == 3 && parts[0] == "refused" && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            return Refused(status, parts[2]);
        }

        if (parts.Length == 3 && parts[0] == "unconfirmed" && parts[2].Length == 0)
        {
            return new EmailFailure(
                EmailFailureKind.Unconfirmed,
                WaitedSeconds: double.TryParse(parts[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) ? seconds : null);
        }

        return new EmailFailure(EmailFailureKind.Other, ServiceText: stored);
    }
}
