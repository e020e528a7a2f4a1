using Microsoft.EntityFrameworkCore;

namespace Simulator.Core.Persistence;

/// <summary>One row a commit wrote: the entity as committed and whether it was added, modified or deleted.</summary>
public readonly record struct CommittedEntity(object Entity, EntityState State);
