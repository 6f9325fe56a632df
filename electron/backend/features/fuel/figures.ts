// Figures in messages are shown as the people read them: litres and L/100 km to 0.01, yuan to the fen.
import { formatFen, formatFixed } from '../../../../shared/domain/money.ts';

export const L = (hundredths: number) => formatFixed(hundredths, 2);
export const Y = (fen: number) => formatFen(fen);
