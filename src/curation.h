// Curation: creating, updating, deleting and restoring knowledge-base entries with revisions and
// optimistic concurrency, and the insights curators learn from. (Filled in by the curation work.)
#pragma once
