# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'vehicle_form.ui'
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
from PySide6.QtWidgets import (QApplication, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QVBoxLayout, QWidget)

from rsoman.gui.forms.designer import (HintLabel, TextBox)
from rsoman.gui.forms.widgets import OptionalDateEdit

class Ui_VehicleFormBody(object):
    def setupUi(self, VehicleFormBody):
        if not VehicleFormBody.objectName():
            VehicleFormBody.setObjectName(u"VehicleFormBody")
        self.form = QFormLayout(VehicleFormBody)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.markLabel = QLabel(VehicleFormBody)
        self.markLabel.setObjectName(u"markLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.markLabel)

        self.markField = QWidget(VehicleFormBody)
        self.markField.setObjectName(u"markField")
        self.markFieldLayout = QVBoxLayout(self.markField)
        self.markFieldLayout.setObjectName(u"markFieldLayout")
        self.markFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.markEdit = QLineEdit(self.markField)
        self.markEdit.setObjectName(u"markEdit")
        self.markEdit.setMaxLength(12)

        self.markFieldLayout.addWidget(self.markEdit)


        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.markField)

        self.makeLabel = QLabel(VehicleFormBody)
        self.makeLabel.setObjectName(u"makeLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.makeLabel)

        self.makeField = QWidget(VehicleFormBody)
        self.makeField.setObjectName(u"makeField")
        self.makeFieldLayout = QVBoxLayout(self.makeField)
        self.makeFieldLayout.setObjectName(u"makeFieldLayout")
        self.makeFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.makeEdit = QLineEdit(self.makeField)
        self.makeEdit.setObjectName(u"makeEdit")

        self.makeFieldLayout.addWidget(self.makeEdit)


        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.makeField)

        self.modelLabel = QLabel(VehicleFormBody)
        self.modelLabel.setObjectName(u"modelLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.modelLabel)

        self.modelField = QWidget(VehicleFormBody)
        self.modelField.setObjectName(u"modelField")
        self.modelFieldLayout = QVBoxLayout(self.modelField)
        self.modelFieldLayout.setObjectName(u"modelFieldLayout")
        self.modelFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.modelEdit = QLineEdit(self.modelField)
        self.modelEdit.setObjectName(u"modelEdit")

        self.modelFieldLayout.addWidget(self.modelEdit)


        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.modelField)

        self.colourLabel = QLabel(VehicleFormBody)
        self.colourLabel.setObjectName(u"colourLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.colourLabel)

        self.colourField = QWidget(VehicleFormBody)
        self.colourField.setObjectName(u"colourField")
        self.colourFieldLayout = QVBoxLayout(self.colourField)
        self.colourFieldLayout.setObjectName(u"colourFieldLayout")
        self.colourFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.colourEdit = QLineEdit(self.colourField)
        self.colourEdit.setObjectName(u"colourEdit")

        self.colourFieldLayout.addWidget(self.colourEdit)


        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.colourField)

        self.fromLabel = QLabel(VehicleFormBody)
        self.fromLabel.setObjectName(u"fromLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.fromLabel)

        self.fromField = QWidget(VehicleFormBody)
        self.fromField.setObjectName(u"fromField")
        self.fromFieldLayout = QVBoxLayout(self.fromField)
        self.fromFieldLayout.setObjectName(u"fromFieldLayout")
        self.fromFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.fromDate = OptionalDateEdit(self.fromField)
        self.fromDate.setObjectName(u"fromDate")

        self.fromFieldLayout.addWidget(self.fromDate)


        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.fromField)

        self.toLabel = QLabel(VehicleFormBody)
        self.toLabel.setObjectName(u"toLabel")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.toLabel)

        self.toField = QWidget(VehicleFormBody)
        self.toField.setObjectName(u"toField")
        self.toFieldLayout = QVBoxLayout(self.toField)
        self.toFieldLayout.setObjectName(u"toFieldLayout")
        self.toFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.toDate = OptionalDateEdit(self.toField)
        self.toDate.setObjectName(u"toDate")

        self.toFieldLayout.addWidget(self.toDate)

        self.toHint = HintLabel(self.toField)
        self.toHint.setObjectName(u"toHint")

        self.toFieldLayout.addWidget(self.toHint)


        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.toField)

        self.notesLabel = QLabel(VehicleFormBody)
        self.notesLabel.setObjectName(u"notesLabel")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.notesLabel)

        self.notesField = QWidget(VehicleFormBody)
        self.notesField.setObjectName(u"notesField")
        self.notesFieldLayout = QVBoxLayout(self.notesField)
        self.notesFieldLayout.setObjectName(u"notesFieldLayout")
        self.notesFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.notesText = TextBox(self.notesField)
        self.notesText.setObjectName(u"notesText")

        self.notesFieldLayout.addWidget(self.notesText)


        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.notesField)

#if QT_CONFIG(shortcut)
        self.markLabel.setBuddy(self.markEdit)
        self.makeLabel.setBuddy(self.makeEdit)
        self.modelLabel.setBuddy(self.modelEdit)
        self.colourLabel.setBuddy(self.colourEdit)
        self.fromLabel.setBuddy(self.fromDate)
        self.toLabel.setBuddy(self.toDate)
        self.notesLabel.setBuddy(self.notesText)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.markEdit, self.makeEdit)
        QWidget.setTabOrder(self.makeEdit, self.modelEdit)
        QWidget.setTabOrder(self.modelEdit, self.colourEdit)
        QWidget.setTabOrder(self.colourEdit, self.fromDate)
        QWidget.setTabOrder(self.fromDate, self.toDate)
        QWidget.setTabOrder(self.toDate, self.notesText)

        self.retranslateUi(VehicleFormBody)

        QMetaObject.connectSlotsByName(VehicleFormBody)
    # setupUi

    def retranslateUi(self, VehicleFormBody):
        self.markLabel.setText(QCoreApplication.translate("VehicleFormBody", u"&Registration mark", None))
        self.markEdit.setPlaceholderText(QCoreApplication.translate("VehicleFormBody", u"e.g. AB12 CDE", None))
#if QT_CONFIG(tooltip)
        self.markEdit.setToolTip(QCoreApplication.translate("VehicleFormBody", u"Kept in capitals without spaces, as searches find it", None))
#endif // QT_CONFIG(tooltip)
        self.makeLabel.setText(QCoreApplication.translate("VehicleFormBody", u"Ma&ke", None))
        self.modelLabel.setText(QCoreApplication.translate("VehicleFormBody", u"&Model", None))
        self.colourLabel.setText(QCoreApplication.translate("VehicleFormBody", u"&Colour", None))
        self.fromLabel.setText(QCoreApplication.translate("VehicleFormBody", u"Used &from", None))
#if QT_CONFIG(tooltip)
        self.fromDate.setToolTip(QCoreApplication.translate("VehicleFormBody", u"Type the date as dd/mm/yyyy; leave blank if there is none", None))
#endif // QT_CONFIG(tooltip)
        self.toLabel.setText(QCoreApplication.translate("VehicleFormBody", u"Used &until", None))
#if QT_CONFIG(tooltip)
        self.toDate.setToolTip(QCoreApplication.translate("VehicleFormBody", u"Type the date as dd/mm/yyyy; leave blank if there is none", None))
#endif // QT_CONFIG(tooltip)
        self.toHint.setText(QCoreApplication.translate("VehicleFormBody", u"Blank while the vehicle is still used.", None))
        self.notesLabel.setText(QCoreApplication.translate("VehicleFormBody", u"&Notes", None))
        self.notesText.setPlaceholderText(QCoreApplication.translate("VehicleFormBody", u"where it is kept, who else uses it\u2026", None))
        pass
    # retranslateUi

