/**
 * Who has joined a room, as the console names them. Participant ids are the store's row ids,
 * shared by every workshop on the server, so they make poor labels: "Deltager 4817" in a room
 * of twelve. A person without a nickname is named by their place in the joining order instead.
 */

/** Each person's number in the room, 1, 2, 3 … in the order they joined (ids grow as people join). */
export function joinNumbers(members: ReadonlyArray<{ id: number }>): Map<number, number> {
	const ids = members.map((member) => member.id).sort((a, b) => a - b);
	return new Map(ids.map((id, index) => [id, index + 1]));
}
