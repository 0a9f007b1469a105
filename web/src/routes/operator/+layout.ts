import { loadSections } from '$lib/i18n';

/** Every operators' page: the console's, the suppliers' and the tariffs' words, loaded once for the whole section. */
export const load = () => loadSections('operator', 'operatorSuppliers', 'operatorTariffs');
