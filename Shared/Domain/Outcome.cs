namespace Workflow;

/// <summary>A problem with user input, for an RFC 7807 <c>errors</c> map (field → messages).</summary>
/// <param name="Field">The JSON field it is about, camelCase (e.g. <c>extensions[1].days</c>).</param>
/// <param name="Message">What is wrong, as a phrase of the string tables (put into words in the reader's language).</param>
public sealed record ValidationError(string Field, Phrase Message);

/// <summary>How a domain action ended.</summary>
public enum OutcomeKind
{
    /// <summary>Done; <see cref="Outcome{T}.Value"/> is the new state.</summary>
    Done,

    /// <summary>The input is wrong (400): <see cref="Outcome{T}.Errors"/> say which field and why.</summary>
    Invalid,

    /// <summary>Not possible in the current state (409): <see cref="Outcome{T}.Message"/> says why.</summary>
    Conflict,

    /// <summary>No such thing (404).</summary>
    NotFound,
}

/// <summary>
/// The result of a domain action (a transition of an aggregate): the new state, or why not. Domain rules answer
/// with it and never with HTTP types; handlers map it to an answer (<c>Problems.From</c>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "Outcome<Case>.Invalid(...) reads as the domain speaks; the type argument is always written.")]
public sealed record Outcome<T>(OutcomeKind Kind, T? Value, IReadOnlyList<ValidationError> Errors, Phrase? Message)
    where T : class
{
    public bool IsDone => Kind == OutcomeKind.Done;

    public static Outcome<T> Done(T value) => new(OutcomeKind.Done, value, [], null);

    public static Outcome<T> Invalid(IReadOnlyList<ValidationError> errors) => new(OutcomeKind.Invalid, null, errors, null);

    public static Outcome<T> Invalid(string field, Phrase message) => Invalid([new ValidationError(field, message)]);

    /// <summary>Done with <paramref name="value"/>, unless there are <paramref name="errors"/>: then invalid with them.</summary>
    public static Outcome<T> DoneUnless(IReadOnlyList<ValidationError> errors, T value)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count > 0 ? Invalid(errors) : Done(value);
    }

    public static Outcome<T> Conflict(Phrase message) => new(OutcomeKind.Conflict, null, [], message);

    public static Outcome<T> NotFound(Phrase message) => new(OutcomeKind.NotFound, null, [], message);

    /// <summary>The same refusal for another result type.</summary>
    public Outcome<TOther> As<TOther>()
        where TOther : class =>
        IsDone ? throw new InvalidOperationException("A done outcome has a value.") : new(Kind, null, Errors, Message);
}

/// <summary>The one collector of field errors that validators fill (field → messages, in the order found).</summary>
public sealed class ValidationErrors
{
    private readonly List<ValidationError> _errors = [];

    public int Count => _errors.Count;

    public void Add(string field, Phrase message) => _errors.Add(new ValidationError(field, message));

    /// <summary>Adds the error when <paramref name="condition"/> does not hold.</summary>
    public void Require(bool condition, string field, Phrase message)
    {
        if (!condition)
        {
            Add(field, message);
        }
    }

    public IReadOnlyList<ValidationError> ToList() => [.. _errors];

    /// <summary>The RFC 7807 <c>errors</c> map, field → phrases.</summary>
    public Dictionary<string, Phrase[]> ToDictionary() =>
        _errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);

}
