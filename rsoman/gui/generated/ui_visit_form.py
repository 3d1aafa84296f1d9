# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'visit_form.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QFormLayout,
    QLabel, QLineEdit, QSizePolicy, QVBoxLayout,
    QWidget)

from rsoman.gui.forms.designer import (HintLabel, TextBox)

class Ui_VisitFormBody(object):
    def setupUi(self, VisitFormBody):
        if not VisitFormBody.objectName():
            VisitFormBody.setObjectName(u"VisitFormBody")
        self.form = QFormLayout(VisitFormBody)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.offenderHeading = QLabel(VisitFormBody)
        self.offenderHeading.setObjectName(u"offenderHeading")
        self.offenderHeading.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont()
        font.setBold(True)
        self.offenderHeading.setFont(font)
        self.offenderHeading.setWordWrap(True)

        self.form.setWidget(0, QFormLayout.ItemRole.SpanningRole, self.offenderHeading)

        self.whenLabel = QLabel(VisitFormBody)
        self.whenLabel.setObjectName(u"whenLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.whenLabel)

        self.whenField = QWidget(VisitFormBody)
        self.whenField.setObjectName(u"whenField")
        self.whenFieldLayout = QVBoxLayout(self.whenField)
        self.whenFieldLayout.setObjectName(u"whenFieldLayout")
        self.whenFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.whenEdit = QLineEdit(self.whenField)
        self.whenEdit.setObjectName(u"whenEdit")

        self.whenFieldLayout.addWidget(self.whenEdit)

        self.whenWords = HintLabel(self.whenField)
        self.whenWords.setObjectName(u"whenWords")

        self.whenFieldLayout.addWidget(self.whenWords)


        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.whenField)

        self.kindLabel = QLabel(VisitFormBody)
        self.kindLabel.setObjectName(u"kindLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindField = QWidget(VisitFormBody)
        self.kindField.setObjectName(u"kindField")
        self.kindFieldLayout = QVBoxLayout(self.kindField)
        self.kindFieldLayout.setObjectName(u"kindFieldLayout")
        self.kindFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.kindCombo = QComboBox(self.kindField)
        self.kindCombo.setObjectName(u"kindCombo")

        self.kindFieldLayout.addWidget(self.kindCombo)


        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.kindField)

        self.addressLabel = QLabel(VisitFormBody)
        self.addressLabel.setObjectName(u"addressLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.addressLabel)

        self.addressField = QWidget(VisitFormBody)
        self.addressField.setObjectName(u"addressField")
        self.addressFieldLayout = QVBoxLayout(self.addressField)
        self.addressFieldLayout.setObjectName(u"addressFieldLayout")
        self.addressFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.addressCombo = QComboBox(self.addressField)
        self.addressCombo.setObjectName(u"addressCombo")

        self.addressFieldLayout.addWidget(self.addressCombo)

        self.addressHint = HintLabel(self.addressField)
        self.addressHint.setObjectName(u"addressHint")

        self.addressFieldLayout.addWidget(self.addressHint)


        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.addressField)

        self.firstOfficerLabel = QLabel(VisitFormBody)
        self.firstOfficerLabel.setObjectName(u"firstOfficerLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.firstOfficerLabel)

        self.firstOfficerField = QWidget(VisitFormBody)
        self.firstOfficerField.setObjectName(u"firstOfficerField")
        self.firstOfficerFieldLayout = QVBoxLayout(self.firstOfficerField)
        self.firstOfficerFieldLayout.setObjectName(u"firstOfficerFieldLayout")
        self.firstOfficerFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.firstOfficerCombo = QComboBox(self.firstOfficerField)
        self.firstOfficerCombo.setObjectName(u"firstOfficerCombo")

        self.firstOfficerFieldLayout.addWidget(self.firstOfficerCombo)


        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.firstOfficerField)

        self.secondOfficerLabel = QLabel(VisitFormBody)
        self.secondOfficerLabel.setObjectName(u"secondOfficerLabel")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.secondOfficerLabel)

        self.secondOfficerField = QWidget(VisitFormBody)
        self.secondOfficerField.setObjectName(u"secondOfficerField")
        self.secondOfficerFieldLayout = QVBoxLayout(self.secondOfficerField)
        self.secondOfficerFieldLayout.setObjectName(u"secondOfficerFieldLayout")
        self.secondOfficerFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.secondOfficerCombo = QComboBox(self.secondOfficerField)
        self.secondOfficerCombo.setObjectName(u"secondOfficerCombo")

        self.secondOfficerFieldLayout.addWidget(self.secondOfficerCombo)

        self.secondOfficerHint = HintLabel(self.secondOfficerField)
        self.secondOfficerHint.setObjectName(u"secondOfficerHint")

        self.secondOfficerFieldLayout.addWidget(self.secondOfficerHint)


        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.secondOfficerField)

        self.outcomeLabel = QLabel(VisitFormBody)
        self.outcomeLabel.setObjectName(u"outcomeLabel")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.outcomeLabel)

        self.outcomeField = QWidget(VisitFormBody)
        self.outcomeField.setObjectName(u"outcomeField")
        self.outcomeFieldLayout = QVBoxLayout(self.outcomeField)
        self.outcomeFieldLayout.setObjectName(u"outcomeFieldLayout")
        self.outcomeFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.outcomeCombo = QComboBox(self.outcomeField)
        self.outcomeCombo.setObjectName(u"outcomeCombo")

        self.outcomeFieldLayout.addWidget(self.outcomeCombo)

        self.outcomeNote = HintLabel(self.outcomeField)
        self.outcomeNote.setObjectName(u"outcomeNote")

        self.outcomeFieldLayout.addWidget(self.outcomeNote)


        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.outcomeField)

        self.announcedLabel = QLabel(VisitFormBody)
        self.announcedLabel.setObjectName(u"announcedLabel")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.announcedLabel)

        self.announcedField = QWidget(VisitFormBody)
        self.announcedField.setObjectName(u"announcedField")
        self.announcedFieldLayout = QVBoxLayout(self.announcedField)
        self.announcedFieldLayout.setObjectName(u"announcedFieldLayout")
        self.announcedFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.announcedCheck = QCheckBox(self.announcedField)
        self.announcedCheck.setObjectName(u"announcedCheck")

        self.announcedFieldLayout.addWidget(self.announcedCheck)

        self.announcedHint = HintLabel(self.announcedField)
        self.announcedHint.setObjectName(u"announcedHint")

        self.announcedFieldLayout.addWidget(self.announcedHint)


        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.announcedField)

        self.whoPresentLabel = QLabel(VisitFormBody)
        self.whoPresentLabel.setObjectName(u"whoPresentLabel")

        self.form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.whoPresentLabel)

        self.whoPresentField = QWidget(VisitFormBody)
        self.whoPresentField.setObjectName(u"whoPresentField")
        self.whoPresentFieldLayout = QVBoxLayout(self.whoPresentField)
        self.whoPresentFieldLayout.setObjectName(u"whoPresentFieldLayout")
        self.whoPresentFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.whoPresentEdit = QLineEdit(self.whoPresentField)
        self.whoPresentEdit.setObjectName(u"whoPresentEdit")

        self.whoPresentFieldLayout.addWidget(self.whoPresentEdit)


        self.form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.whoPresentField)

        self.observationsLabel = QLabel(VisitFormBody)
        self.observationsLabel.setObjectName(u"observationsLabel")

        self.form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.observationsLabel)

        self.observationsField = QWidget(VisitFormBody)
        self.observationsField.setObjectName(u"observationsField")
        self.observationsFieldLayout = QVBoxLayout(self.observationsField)
        self.observationsFieldLayout.setObjectName(u"observationsFieldLayout")
        self.observationsFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.observationsText = TextBox(self.observationsField)
        self.observationsText.setObjectName(u"observationsText")

        self.observationsFieldLayout.addWidget(self.observationsText)


        self.form.setWidget(9, QFormLayout.ItemRole.FieldRole, self.observationsField)

        self.actionsLabel = QLabel(VisitFormBody)
        self.actionsLabel.setObjectName(u"actionsLabel")

        self.form.setWidget(10, QFormLayout.ItemRole.LabelRole, self.actionsLabel)

        self.actionsField = QWidget(VisitFormBody)
        self.actionsField.setObjectName(u"actionsField")
        self.actionsFieldLayout = QVBoxLayout(self.actionsField)
        self.actionsFieldLayout.setObjectName(u"actionsFieldLayout")
        self.actionsFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.actionsText = TextBox(self.actionsField)
        self.actionsText.setObjectName(u"actionsText")

        self.actionsFieldLayout.addWidget(self.actionsText)


        self.form.setWidget(10, QFormLayout.ItemRole.FieldRole, self.actionsField)

#if QT_CONFIG(shortcut)
        self.whenLabel.setBuddy(self.whenEdit)
        self.kindLabel.setBuddy(self.kindCombo)
        self.addressLabel.setBuddy(self.addressCombo)
        self.firstOfficerLabel.setBuddy(self.firstOfficerCombo)
        self.secondOfficerLabel.setBuddy(self.secondOfficerCombo)
        self.outcomeLabel.setBuddy(self.outcomeCombo)
        self.announcedLabel.setBuddy(self.announcedCheck)
        self.whoPresentLabel.setBuddy(self.whoPresentEdit)
        self.observationsLabel.setBuddy(self.observationsText)
        self.actionsLabel.setBuddy(self.actionsText)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.whenEdit, self.kindCombo)
        QWidget.setTabOrder(self.kindCombo, self.addressCombo)
        QWidget.setTabOrder(self.addressCombo, self.firstOfficerCombo)
        QWidget.setTabOrder(self.firstOfficerCombo, self.secondOfficerCombo)
        QWidget.setTabOrder(self.secondOfficerCombo, self.outcomeCombo)
        QWidget.setTabOrder(self.outcomeCombo, self.announcedCheck)
        QWidget.setTabOrder(self.announcedCheck, self.whoPresentEdit)
        QWidget.setTabOrder(self.whoPresentEdit, self.observationsText)
        QWidget.setTabOrder(self.observationsText, self.actionsText)

        self.retranslateUi(VisitFormBody)

        QMetaObject.connectSlotsByName(VisitFormBody)
    # setupUi

    def retranslateUi(self, VisitFormBody):
        self.whenLabel.setText(QCoreApplication.translate("VisitFormBody", u"&When", None))
#if QT_CONFIG(accessibility)
        self.whenEdit.setAccessibleName(QCoreApplication.translate("VisitFormBody", u"Date and time", None))
#endif // QT_CONFIG(accessibility)
        self.whenEdit.setPlaceholderText(QCoreApplication.translate("VisitFormBody", u"now, today 14:30, yesterday 0930, 3/2 10:30\u2026", None))
#if QT_CONFIG(tooltip)
        self.whenEdit.setToolTip(QCoreApplication.translate("VisitFormBody", u"Type the date and time in words or digits: now, today 14:30, yesterday 0930, 3/2 10:30; what it means shows underneath", None))
#endif // QT_CONFIG(tooltip)
        self.kindLabel.setText(QCoreApplication.translate("VisitFormBody", u"&Kind", None))
        self.addressLabel.setText(QCoreApplication.translate("VisitFormBody", u"&Address", None))
        self.addressHint.setText(QCoreApplication.translate("VisitFormBody", u"The home address in force is preselected.", None))
        self.firstOfficerLabel.setText(QCoreApplication.translate("VisitFormBody", u"&Officer present", None))
        self.secondOfficerLabel.setText(QCoreApplication.translate("VisitFormBody", u"&Second officer", None))
        self.secondOfficerHint.setText(QCoreApplication.translate("VisitFormBody", u"For a two-officer visit: the colleague who came.", None))
        self.outcomeLabel.setText(QCoreApplication.translate("VisitFormBody", u"O&utcome", None))
        self.announcedLabel.setText(QCoreApplication.translate("VisitFormBody", u"Annou&nced", None))
        self.announcedCheck.setText(QCoreApplication.translate("VisitFormBody", u"Announced (the offender knew we were coming)", None))
        self.announcedHint.setText(QCoreApplication.translate("VisitFormBody", u"Unannounced is preferred: visits should be unannounced where possible.", None))
        self.whoPresentLabel.setText(QCoreApplication.translate("VisitFormBody", u"W&ho was present", None))
        self.whoPresentEdit.setPlaceholderText(QCoreApplication.translate("VisitFormBody", u"who else was there (names, ages of any children)", None))
        self.observationsLabel.setText(QCoreApplication.translate("VisitFormBody", u"O&bservations", None))
        self.observationsText.setPlaceholderText(QCoreApplication.translate("VisitFormBody", u"devices, children, changes at the address\u2026", None))
        self.actionsLabel.setText(QCoreApplication.translate("VisitFormBody", u"Ac&tions", None))
        self.actionsText.setPlaceholderText(QCoreApplication.translate("VisitFormBody", u"what was done or is to be done\u2026", None))
        pass
    # retranslateUi

