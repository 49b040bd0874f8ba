namespace Workflow.Testing;

/// <summary>Finds the repository root: the first folder holding Workflow.sln at or above a start folder.</summary>
public static class RepositoryRoot
{
    /// <param name="startFolders">Folders to search up from, in order; the running assembly's folder when none are given.</param>
    public static string Find(params string[] startFolders)
    {
        ArgumentNullException.ThrowIfNull(startFolders);
        var starts = startFolders.Length > 0 ? startFolders : [AppContext.BaseDirectory];
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Workflow.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Workflow.sln not found above " + string.Join(" or ", starts));
    }
}
