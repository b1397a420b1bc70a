/** A PDF table's column (./pdf.ts draws tables): its header, its share of the page's width, its alignment. */
export interface Column {
	header: string;
	share: number;
	align: 'left' | 'right';
}
