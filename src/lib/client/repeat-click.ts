/**
 * A click-capture handler that drops the second click of a double click on a button: it lands
 * on whatever the first one put under the pointer (Fortsæt after Pause, Lås op after Lås).
 */
export function ignoreRepeatClick(event: MouseEvent): void {
	if (event.detail > 1 && event.target instanceof Element && event.target.closest('button')) {
		event.stopPropagation();
		event.preventDefault();
	}
}
