/** The Y.Text of one question of one step in a group's sheet. Shared by phones, console and exports. */
export const fieldKey = (stepId: string, question: number) => `${stepId}.${question}`;
