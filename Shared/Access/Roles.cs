namespace Workflow.Access;

/// <summary>What a person or a key may do (docs/security.md has the matrix). A caller holds any number of them.</summary>
[Flags]
public enum Roles
{
    None = 0,

    /// <summary>Courses, invitees, nominations, units' contacts.</summary>
    Organiser = 1,

    /// <summary>Complaint cases of the caller's own handling units.</summary>
    Officer = 2,

    /// <summary>Reads courses, reports and the whole complaint board; changes nothing.</summary>
    Leader = 4,

    /// <summary>People, the units registry, holidays, rule sets.</summary>
    Administrator = 8,
}
